using System.Reflection;
using System.Runtime.Loader;

namespace GoRtc.Silo.Slps;

/// <summary>
/// A collectible load context for one version of one plugin. The SDK and everything the host already has are
/// shared with the host (returning null defers to the default context), so the SLP's <c>Slp</c> base type is the
/// host's own and the plugin can be unloaded once nothing references it.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    public PluginLoadContext(string name)
        : base(name, isCollectible: true)
    {
    }

    protected override Assembly? Load(AssemblyName assemblyName) => null;
}
