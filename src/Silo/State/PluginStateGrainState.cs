namespace GoRtc.Silo.State;

/// <summary>What <see cref="PluginStateGrain"/> persists: the plugin's serialised value, its version and expiry.</summary>
[GenerateSerializer]
internal sealed class PluginStateGrainState
{
    [Id(0)]
    public byte[]? Value { get; set; }

    [Id(1)]
    public long Version { get; set; }

    [Id(2)]
    public DateTimeOffset? ExpiresAt { get; set; }
}
