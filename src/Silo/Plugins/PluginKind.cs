namespace GoRtc.Silo.Plugins;

/// <summary>What a plugin assembly plugs into: the SLP runtime or the REST API.</summary>
public enum PluginKind
{
    Slp,
    Api,
}
