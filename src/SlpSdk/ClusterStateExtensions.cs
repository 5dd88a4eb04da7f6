using System.Text.Json.Serialization.Metadata;

namespace GoRtc.SlpSdk;

/// <summary>The read-decide-write loop over <see cref="IClusterState"/>.</summary>
public static class ClusterStateExtensions
{
    /// <summary>How many times a decision is retried when other writers keep coming first.</summary>
    public const int MaxAttempts = 32;

    /// <summary>
    /// Reads the entry, lets <paramref name="decide"/> choose a change from what it holds, and writes that change
    /// only if nobody wrote in between; otherwise waits a short random while (so writers that collided do not collide
    /// again in step) and reads and decides again. <paramref name="decide"/> must only compute (it may run more than
    /// once); act on its result after this returns.
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

            // Randomised, growing back-off (up to ~50 ms): N writers that read the same version finish in about N rounds
            // instead of colliding again and again.
            var ceiling = Math.Min(50, 1 << Math.Min(attempt, 6));
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling), cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"The state entry '{key}' kept changing: {MaxAttempts} attempts to update it lost to other writers.");
    }
}
