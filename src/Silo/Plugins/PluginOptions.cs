using System.ComponentModel.DataAnnotations;

namespace GoRtc.Silo.Plugins;

/// <summary>
/// The <c>Plugins</c> configuration section: where plugin files and the all-in-one store are, limits, and the
/// plugins every new store starts with.
/// </summary>
public sealed class PluginOptions
{
    public const string SectionName = "Plugins";

    /// <summary>
    /// Folder of plugin files: bundled plugins, and the files <c>POST /slpm/v1/&lt;name&gt;?file=&lt;f&gt;</c> loads.
    /// Relative paths are resolved against the application folder.
    /// </summary>
    public string Directory { get; set; } = "plugins";

    /// <summary>
    /// Where the all-in-one node (no Redis) keeps loaded plugins so they survive a restart (the reference's
    /// <c>conf/.slps</c> and <c>conf/.apis</c>). Relative paths are resolved against the application folder.
    /// </summary>
    public string StoreDirectory { get; set; } = "data/plugins";

    /// <summary>Largest plugin upload accepted (assembly or zip), in bytes; larger ones get 413.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>How long a load or delete waits for every silo to apply it before answering.</summary>
    public TimeSpan PropagationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an API plugin's handler may run before its request is cancelled.</summary>
    public TimeSpan ApiTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// SLPs to seed the store with, by the name requests select them with (e.g. <c>default</c>). A seeded plugin
    /// follows its file (a new build of the file becomes a new version at the next start) until it is replaced or
    /// deleted over REST, which then wins.
    /// </summary>
    public Dictionary<string, PluginFileOptions> Slps { get; set; } = new(StringComparer.Ordinal);

    /// <summary>API plugins to seed the store with, by their key (e.g. <c>chatroom.v1</c>).</summary>
    public Dictionary<string, PluginFileOptions> Apis { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The plugins folder as an absolute path.</summary>
    public string ResolvedDirectory => Resolve(Directory);

    /// <summary>The store folder as an absolute path.</summary>
    public string ResolvedStoreDirectory => Resolve(StoreDirectory);

    /// <summary>Settings of a plugin by kind and name; empty when none are configured.</summary>
    public IReadOnlyDictionary<string, string> SettingsOf(PluginKind kind, string name) =>
        (kind == PluginKind.Slp ? Slps : Apis).TryGetValue(name, out var plugin) ? plugin.Settings : Empty;

    private static readonly Dictionary<string, string> Empty = new(StringComparer.Ordinal);

    private static string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);
}

/// <summary>One plugin to seed: its file and its settings.</summary>
public sealed class PluginFileOptions
{
    /// <summary>File name inside <see cref="PluginOptions.Directory"/>, or an absolute path.</summary>
    public string File { get; set; } = string.Empty;

    /// <summary>Settings handed to the plugin (<c>ISlpContext.Settings</c>, <c>IApiContext.Settings</c>).</summary>
    public Dictionary<string, string> Settings { get; set; } = new(StringComparer.Ordinal);
}
