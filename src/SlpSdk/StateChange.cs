namespace GoRtc.SlpSdk;

/// <summary>
/// What an <see cref="ClusterStateExtensions.UpdateAsync"/> decision does to the entry — keep it, store a new value,
/// or delete it — and the result the caller gets once that is done.
/// </summary>
public readonly record struct StateChange<T, TResult>
{
    private StateChange(bool write, T? value, DateTimeOffset? expiresAt, TResult result)
    {
        Write = write;
        Value = value;
        ExpiresAt = expiresAt;
        Result = result;
    }

    /// <summary>Whether the entry is written (stored or deleted).</summary>
    public bool Write { get; }

    /// <summary>The value to store; null deletes.</summary>
    public T? Value { get; }

    /// <summary>The stored entry's expiry.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>What the update returns.</summary>
    public TResult Result { get; }

    /// <summary>Leaves the entry as it is.</summary>
    public static StateChange<T, TResult> Keep(TResult result) => new(false, default, null, result);

    /// <summary>Stores <paramref name="value"/>, expiring at <paramref name="expiresAt"/> if given.</summary>
    public static StateChange<T, TResult> Set(T value, DateTimeOffset? expiresAt, TResult result)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(true, value, expiresAt, result);
    }

    /// <summary>Deletes the entry.</summary>
    public static StateChange<T, TResult> Delete(TResult result) => new(true, default, null, result);
}
