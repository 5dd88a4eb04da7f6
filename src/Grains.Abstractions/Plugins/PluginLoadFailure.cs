namespace GoRtc.Grains.Plugins;

/// <summary>A plugin version a silo could not load, and why.</summary>
[GenerateSerializer, Immutable]
public sealed record PluginLoadFailure(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Name,
    [property: Id(2)] int Version,
    [property: Id(3)] string Reason);
