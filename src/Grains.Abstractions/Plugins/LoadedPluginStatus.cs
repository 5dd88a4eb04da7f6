namespace GoRtc.Grains.Plugins;

/// <summary>One plugin version loaded on one silo, with its counters there.</summary>
[GenerateSerializer, Immutable]
public sealed record LoadedPluginStatus(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Name,
    [property: Id(2)] int Version,
    [property: Id(3)] string Sha256,
    [property: Id(4)] DateTimeOffset LoadedAt,
    [property: Id(5)] bool Current,
    [property: Id(6)] long InstancesCreated,
    [property: Id(7)] long InstancesAlive,
    [property: Id(8)] string File);
