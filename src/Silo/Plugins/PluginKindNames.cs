using GoRtc.Grains.Plugins;

namespace GoRtc.Silo.Plugins;

/// <summary>Between <see cref="PluginKind"/> and its wire name (<see cref="PluginKinds"/>).</summary>
internal static class PluginKindNames
{
    public static string ToWire(this PluginKind kind) => kind == PluginKind.Slp ? PluginKinds.Slp : PluginKinds.Api;

    public static bool TryParse(string? wire, out PluginKind kind)
    {
        kind = wire == PluginKinds.Api ? PluginKind.Api : PluginKind.Slp;
        return wire is PluginKinds.Slp or PluginKinds.Api;
    }
}
