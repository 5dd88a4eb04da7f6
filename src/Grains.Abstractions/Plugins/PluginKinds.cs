namespace GoRtc.Grains.Plugins;

/// <summary>The kinds of plugin, as they appear on the wire and in the REST API.</summary>
public static class PluginKinds
{
    public const string Slp = "slp";
    public const string Api = "api";
}
