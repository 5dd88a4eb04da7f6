namespace GoRtc.SlpSdk;

/// <summary>One entry of <see cref="IClusterState"/> as read: its value, the version to write against, its expiry.</summary>
/// <param name="Value">The value; default when the entry does not exist.</param>
/// <param name="Version">The version to pass to <see cref="IClusterState.TryWriteAsync"/>; it changes on every write.</param>
/// <param name="ExpiresAt">When the entry stops existing, or null if it never expires.</param>
public readonly record struct StateEntry<T>(T? Value, long Version, DateTimeOffset? ExpiresAt)
{
    /// <summary>Whether the entry exists (and has not expired).</summary>
    public bool Exists => Value is not null;
}
