namespace GoRtc.Silo.Slps;

/// <summary>
/// The <c>Plugins</c> configuration section: where plugin assemblies are and which SLPs to load at start-up.
/// </summary>
public sealed class PluginOptions
{
    public const string SectionName = "Plugins";

    /// <summary>Folder of plugin assemblies; relative paths are resolved against the application folder.</summary>
    public string Directory { get; set; } = "plugins";

    /// <summary>SLPs to load at start-up, by the name requests select them with (e.g. <c>default</c>).</summary>
    public Dictionary<string, SlpPluginOptions> Slps { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One SLP to load: its assembly file and its settings.</summary>
public sealed class SlpPluginOptions
{
    /// <summary>Assembly file name inside <see cref="PluginOptions.Directory"/>.</summary>
    public string File { get; set; } = string.Empty;

    /// <summary>Settings handed to the SLP through <c>ISlpContext.Settings</c>.</summary>
    public Dictionary<string, string> Settings { get; set; } = new(StringComparer.Ordinal);
}
