namespace GoRtc.Grains.Plugins;

/// <summary>The outcome of a load or delete asked of the plugin manager.</summary>
[GenerateSerializer, Immutable]
public sealed record PluginChange(
    [property: Id(0)] PluginChangeStatus Status,
    [property: Id(1)] string? Reason,
    [property: Id(2)] PluginEntry? Entry)
{
    public static PluginChange Failed(PluginChangeStatus status, string reason) => new(status, reason, null);
}

[GenerateSerializer]
public enum PluginChangeStatus
{
    /// <summary>Stored, and loaded by the silos listed in the entry.</summary>
    Loaded,

    /// <summary>Deleted: new requests no longer select it.</summary>
    Deleted,

    /// <summary>The name, the file name or the bytes are not a valid plugin of that kind.</summary>
    Invalid,

    /// <summary>No plugin of that name is loaded.</summary>
    NotFound,

    /// <summary>The named file is not in the silo's plugins folder.</summary>
    FileNotFound,

    /// <summary>Bigger than the configured limit.</summary>
    TooLarge,

    /// <summary>The store failed.</summary>
    StoreFailed,
}
