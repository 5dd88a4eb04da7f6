namespace GoRtc.Grains.Plugins;

/// <summary>An API plugin's answer.</summary>
[GenerateSerializer, Immutable]
public sealed record ApiReply(
    [property: Id(0)] int Status,
    [property: Id(1)] string ContentType,
    [property: Id(2)] Dictionary<string, string> Headers,
    [property: Id(3)] byte[] Body);
