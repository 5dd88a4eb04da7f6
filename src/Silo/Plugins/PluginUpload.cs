namespace GoRtc.Silo.Plugins;

/// <summary>A plugin assembly to store under (<paramref name="Kind"/>, <paramref name="Name"/>).</summary>
/// <param name="Kind">SLP or API plugin.</param>
/// <param name="Name">The name the plugin is selected by; compared ordinally.</param>
/// <param name="File">The assembly's file name, kept as information.</param>
/// <param name="Content">The assembly bytes.</param>
/// <param name="Origin">Uploaded, or seeded from configuration.</param>
public sealed record PluginUpload(PluginKind Kind, string Name, string File, ReadOnlyMemory<byte> Content, PluginOrigin Origin);
