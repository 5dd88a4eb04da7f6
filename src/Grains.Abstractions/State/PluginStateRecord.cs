namespace GoRtc.Grains.State;

/// <summary>A plugin state entry as read: the serialised value (null when absent), its version and its expiry.</summary>
[GenerateSerializer, Immutable]
public sealed record PluginStateRecord(
    [property: Id(0)] byte[]? Value,
    [property: Id(1)] long Version,
    [property: Id(2)] DateTimeOffset? ExpiresAt);
