namespace GoRtc.Grains.Plugins;

/// <summary>What one silo has loaded, as it last reported it.</summary>
[GenerateSerializer, Immutable]
public sealed record SiloPluginReport(
    [property: Id(0)] string Silo,
    [property: Id(1)] DateTimeOffset ReportedAt,
    [property: Id(2)] LoadedPluginStatus[] Loaded,
    [property: Id(3)] PluginLoadFailure[] Failures,
    [property: Id(4)] int Packages);
