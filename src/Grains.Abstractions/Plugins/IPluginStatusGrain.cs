using Orleans.Concurrency;

namespace GoRtc.Grains.Plugins;

/// <summary>
/// The cluster's view of which silo has loaded which plugin version: every silo reports after each change and
/// periodically; the management API reads it. One activation (key 0).
/// </summary>
public interface IPluginStatusGrain : IGrainWithIntegerKey
{
    Task Report(SiloPluginReport report);

    /// <summary>Latest report of every silo that reported recently.</summary>
    [AlwaysInterleave]
    Task<SiloPluginReport[]> GetReports();
}
