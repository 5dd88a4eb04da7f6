namespace GoRtc.Silo.Plugins;

/// <summary>One stored version of a named plugin.</summary>
/// <param name="Kind">SLP or API plugin; names are separate per kind.</param>
/// <param name="Name">The name the plugin is selected by.</param>
/// <param name="Version">Store-wide version number: strictly increasing, never reused.</param>
/// <param name="File">The assembly's file name as uploaded or configured (informational, never used as a path).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the assembly bytes; the key to read them with.</param>
/// <param name="Size">Length of the assembly in bytes.</param>
/// <param name="UploadedAt">When this version was stored.</param>
/// <param name="Origin">Uploaded, or seeded from configuration.</param>
public sealed record PluginRecord(
    PluginKind Kind,
    string Name,
    int Version,
    string File,
    string Sha256,
    long Size,
    DateTimeOffset UploadedAt,
    PluginOrigin Origin);
