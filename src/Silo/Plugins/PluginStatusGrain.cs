using GoRtc.Grains.Plugins;

namespace GoRtc.Silo.Plugins;

/// <summary>
/// Holds each silo's latest plugin report. It keeps nothing durable: if it moves, silos fill it again within one
/// report interval, and a silo that stops reporting drops out after <see cref="Staleness"/>.
/// </summary>
internal sealed class PluginStatusGrain : Grain, IPluginStatusGrain
{
    /// <summary>Reports older than this are ignored (a silo reports at least every <see cref="PluginSynchronizer.HeartbeatInterval"/>).</summary>
    public static readonly TimeSpan Staleness = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, SiloPluginReport> _reports = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public PluginStatusGrain(TimeProvider time) => _time = time;

    public Task Report(SiloPluginReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _reports[report.Silo] = report with { ReportedAt = _time.GetUtcNow() }; // one clock for freshness: ours
        return Task.CompletedTask;
    }

    public Task<SiloPluginReport[]> GetReports()
    {
        var oldest = _time.GetUtcNow() - Staleness;
        return Task.FromResult(_reports.Values.Where(r => r.ReportedAt >= oldest).ToArray());
    }
}
