using System.Text.Json.Serialization.Metadata;

namespace GoRtc.SlpSdk;

/// <summary>
/// Durable key/value state shared by every SLP instance and API request of one plugin assembly, on every node of the
/// cluster (a chat room's members, a conference's roster). It outlives instances, plugin versions and the loss of
/// the silo that last used it: in a cluster it is kept in Redis.
/// <para>
/// Writes are compare-and-set on a version, so two instances on two silos never overwrite each other's change
/// unseen; <see cref="ClusterStateExtensions.UpdateAsync"/> wraps the read-decide-write loop. An entry may carry an
/// expiry: from that instant it reads as absent and is removed (a room whose last member's subscription ran out).
/// </para>
/// </summary>
public interface IClusterState
{
    /// <summary>The entry under <paramref name="key"/>; an absent or expired entry has <see cref="StateEntry{T}.Exists"/> false.</summary>
    Task<StateEntry<T>> ReadAsync<T>(string key, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="value"/> (or deletes the entry when it is null) if the entry's version is still
    /// <paramref name="expectedVersion"/> (the <see cref="StateEntry{T}.Version"/> last read). False when another
    /// writer came first: read again and decide again.
    /// </summary>
    /// <exception cref="ArgumentException">The key or the serialised value exceeds the configured limits.</exception>
    Task<bool> TryWriteAsync<T>(string key, long expectedVersion, T? value, DateTimeOffset? expiresAt, JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The keys starting with <paramref name="prefix"/> that exist and have not expired. The list is an index kept
    /// beside the entries: an entry written or deleted a moment ago may be missing from it or listed still, so read
    /// an entry before relying on it.
    /// </summary>
    Task<IReadOnlyList<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken = default);
}
