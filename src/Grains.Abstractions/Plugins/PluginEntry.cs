namespace GoRtc.Grains.Plugins;

/// <summary>
/// One version of a plugin as the management API shows it: what the store holds, and where and how it runs.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PluginEntry(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Name,
    [property: Id(2)] int Version,
    [property: Id(3)] string File,
    [property: Id(4)] string Sha256,
    [property: Id(5)] long Size,
    [property: Id(6)] DateTimeOffset? UploadedAt,
    [property: Id(7)] bool Current,
    [property: Id(8)] DateTimeOffset? LoadedAt,
    [property: Id(9)] long InstancesCreated,
    [property: Id(10)] long InstancesAlive,
    [property: Id(11)] string[] Silos,
    [property: Id(12)] PluginSiloError[] Errors,
    [property: Id(13)] string[] PendingSilos);

/// <summary>A silo that could not load a version.</summary>
[GenerateSerializer, Immutable]
public sealed record PluginSiloError([property: Id(0)] string Silo, [property: Id(1)] string Error);
