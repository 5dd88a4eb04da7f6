using System.Text.Json.Serialization.Metadata;

namespace GoRtc.SlpSdk;

/// <summary>The read-decide-write loop over <see cref="IClusterState"/>.</summary>
public static class ClusterStateExtensions
{
    /// <summary>How many times a decision is retried when other writers keep coming first.</summary>
    public const int MaxAttempts = 16;

    /// <summary>
    /// Reads the entry, lets <paramref name="decide"/> choose a change from what it holds, and writes that change
    /// only if nobody wrote in between; otherwise reads and decides again. <paramref name="decide"/> must only compute
    /// (it may run more than once); act on its result after this returns.
    /// </summary>
    /// <exception cref="InvalidOperationException">Other writers came first <see cref="MaxAttempts"/> times.</exception>
    public static async Task<TResult> UpdateAsync<T, TResult>(this IClusterState state, string key, JsonTypeInfo<T> typeInfo,
        Func<StateEntry<T>, StateChange<T, TResult>> decide, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(decide);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var entry = await state.ReadAsync(key, typeInfo, cancellationToken).ConfigureAwait(false);
            var change = decide(entry);
            if (!change.Write
                || await state.TryWriteAsync(key, entry.Version, change.Value, change.ExpiresAt, typeInfo, cancellationToken).ConfigureAwait(false))
            {
                return change.Result;
            }
        }

        throw new InvalidOperationException($"The state entry '{key}' kept changing: {MaxAttempts} attempts to update it lost to other writers.");
    }
}
