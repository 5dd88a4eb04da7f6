using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using GoRtc.Grains.State;
using GoRtc.SlpSdk;

namespace GoRtc.Silo.State;

/// <summary>
/// A plugin's <see cref="IClusterState"/>: each entry a <see cref="IPluginStateGrain"/>, the list of keys a
/// <see cref="IPluginStateIndexGrain"/>, all under the plugin's <see cref="Plugins.PluginPackage.StateScope"/>. Values
/// cross the grain boundary as UTF-8 JSON written by the plugin's own (source-generated) type information.
/// </summary>
internal sealed class ClusterState : IClusterState
{
    private readonly IGrainFactory _grains;
    private readonly string _scope;
    private readonly PluginStateOptions _options;

    public ClusterState(IGrainFactory grains, string scope, PluginStateOptions options)
    {
        _grains = grains;
        _scope = scope;
        _options = options;
    }

    public async Task<StateEntry<T>> ReadAsync<T>(string key, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var record = await Entry(key).Read().WaitAsync(cancellationToken).ConfigureAwait(false);
        var value = record.Value is null ? default : JsonSerializer.Deserialize(record.Value, typeInfo);
        return new StateEntry<T>(value, record.Version, record.ExpiresAt);
    }

    public Task<bool> TryWriteAsync<T>(string key, long expectedVersion, T? value, DateTimeOffset? expiresAt, JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var entry = Entry(key);
        byte[]? bytes = null;
        if (value is not null)
        {
            bytes = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
            if (bytes.Length > _options.MaxValueBytes)
            {
                throw new ArgumentException(
                    $"The value of '{key}' is {bytes.Length} bytes; the limit (PluginState:MaxValueBytes) is {_options.MaxValueBytes}.", nameof(value));
            }
        }

        return entry.Write(expectedVersion, bytes, expiresAt).WaitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return await _grains.GetGrain<IPluginStateIndexGrain>(_scope).List(prefix).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private IPluginStateGrain Entry(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Length > _options.MaxKeyLength)
        {
            throw new ArgumentException($"The key is {key.Length} characters; the limit (PluginState:MaxKeyLength) is {_options.MaxKeyLength}.", nameof(key));
        }

        if (key.Any(char.IsControl))
        {
            throw new ArgumentException("A state key cannot contain control characters.", nameof(key));
        }

        return _grains.GetGrain<IPluginStateGrain>(PluginStateKey.Of(_scope, key));
    }
}
