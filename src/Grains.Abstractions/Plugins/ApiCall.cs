namespace GoRtc.Grains.Plugins;

/// <summary>An HTTP request for an API plugin, read in full by the gateway.</summary>
[GenerateSerializer, Immutable]
public sealed record ApiCall(
    [property: Id(0)] string Api,
    [property: Id(1)] string Method,
    [property: Id(2)] string Path,
    [property: Id(3)] Dictionary<string, string> Query,
    [property: Id(4)] Dictionary<string, string> Headers,
    [property: Id(5)] byte[] Body);
