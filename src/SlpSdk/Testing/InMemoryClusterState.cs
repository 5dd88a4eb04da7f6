using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace GoRtc.SlpSdk.Testing;

/// <summary>
/// An <see cref="IClusterState"/> in one process, for unit tests of plugins: the same compare-and-set, expiry and
/// listing rules as the cluster's, values stored as JSON (so a type the plugin cannot round-trip fails here too).
/// </summary>
public sealed class InMemoryClusterState : IClusterState
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (byte[]? Value, long Version, DateTimeOffset? ExpiresAt)> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public InMemoryClusterState(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>Writes that lost to another writer (a test can check a race was really decided by compare-and-set).</summary>
    public int Conflicts { get; private set; }

    public Task<StateEntry<T>> ReadAsync<T>(string key, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var (value, version, expiresAt) = Live(key);
            return Task.FromResult(new StateEntry<T>(value is null ? default : JsonSerializer.Deserialize(value, typeInfo), version, expiresAt));
        }
    }

    public Task<bool> TryWriteAsync<T>(string key, long expectedVersion, T? value, DateTimeOffset? expiresAt, JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        lock (_gate)
        {
            var current = _entries.TryGetValue(key, out var entry) ? entry.Version : 0;
            if (current != expectedVersion)
            {
                Conflicts++;
                return Task.FromResult(false);
            }

            _entries[key] = value is null || expiresAt <= _time.GetUtcNow()
                ? (null, current + 1, null)
                : (JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), current + 1, expiresAt);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<string> keys = [.. _entries.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && Live(k).Value is not null)
                .Order(StringComparer.Ordinal)];
            return Task.FromResult(keys);
        }
    }

    private (byte[]? Value, long Version, DateTimeOffset? ExpiresAt) Live(string key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return (null, 0, null);
        }

        return entry.ExpiresAt is { } at && at <= _time.GetUtcNow() ? (null, entry.Version, null) : entry;
    }
}
