namespace GoRtc.Silo.State;

/// <summary>What <see cref="PluginStateIndexGrain"/> persists: each key and its expiry.</summary>
[GenerateSerializer]
internal sealed class PluginStateIndexGrainState
{
    [Id(0)]
    public Dictionary<string, DateTimeOffset?> Keys { get; set; } = new(StringComparer.Ordinal);
}
