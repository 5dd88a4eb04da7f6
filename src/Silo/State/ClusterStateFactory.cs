using GoRtc.Silo.Plugins;
using Microsoft.Extensions.Options;

namespace GoRtc.Silo.State;

/// <summary>Gives each plugin package the <see cref="ClusterState"/> of its scope.</summary>
internal sealed class ClusterStateFactory
{
    private readonly IGrainFactory _grains;
    private readonly PluginStateOptions _options;

    public ClusterStateFactory(IGrainFactory grains, IOptions<PluginStateOptions> options)
    {
        _grains = grains;
        _options = options.Value;
    }

    public ClusterState For(PluginPackage package) => new(_grains, package.StateScope, _options);
}
