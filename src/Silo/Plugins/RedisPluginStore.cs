using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GoRtc.Silo.Plugins;

/// <summary>
/// The plugin store of a cluster, in Redis under one key prefix (e.g. <c>gortc:{serviceId}:plugins</c>):
/// <list type="bullet">
/// <item><c>{prefix}:records</c> hash (kind:name → record JSON) and <c>{prefix}:sha256</c> hash (kind:name → SHA-256)</item>
/// <item><c>{prefix}:deleted</c> set of kind:name deleted by an operator</item>
/// <item><c>{prefix}:version</c> the store-wide version counter (INCR)</item>
/// <item><c>{prefix}:blob:{sha256}</c> the bytes, and <c>{prefix}:blobs</c> the set of stored SHA-256s</item>
/// <item>channel <c>{prefix}:changed</c> for change notices</item>
/// </list>
/// Every write is one Lua script, so a reader never sees a record whose bytes are missing. With Redis Cluster the prefix
/// must carry a hash tag (the braces above) so that all keys share a slot, as scripts require.
/// </summary>
public sealed partial class RedisPluginStore : PluginStore, IAsyncDisposable
{
    /// <summary>
    /// Compare-and-set of one (kind, name): writes only if the record and the deleted mark are still what the caller
    /// decided on, so that a concurrent write by another silo makes the caller decide again instead of being overwritten.
    /// KEYS: records, sha256 hash, deleted set, blob index, blob. ARGV: field, expected record ('' for none), expected
    /// deleted mark (0/1), new record, SHA-256, bytes, channel.
    /// </summary>
    private const string WriteScript = """
        local current = redis.call('HGET', KEYS[1], ARGV[1]) or ''
        if current ~= ARGV[2] then return 0 end
        if redis.call('SISMEMBER', KEYS[3], ARGV[1]) ~= tonumber(ARGV[3]) then return 0 end
        redis.call('SET', KEYS[5], ARGV[6], 'NX')
        redis.call('SADD', KEYS[4], ARGV[5])
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[5])
        redis.call('PUBLISH', ARGV[7], ARGV[1])
        return 1
        """;

    /// <summary>KEYS: records, sha256 hash, deleted set. ARGV: field, channel.</summary>
    private const string DeleteScript = """
        if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('SADD', KEYS[3], ARGV[1])
        redis.call('PUBLISH', ARGV[2], ARGV[1])
        return 1
        """;

    /// <summary>
    /// Removes candidate blobs, checking again inside the script that no current record references them: a put of the
    /// same bytes may have landed since the candidates were chosen. KEYS: sha256 hash, blob index, then one blob key per
    /// candidate. ARGV: the candidates' SHA-256s, in the same order.
    /// </summary>
    private const string PruneScript = """
        local referenced = {}
        for _, sha in ipairs(redis.call('HVALS', KEYS[1])) do referenced[sha] = true end
        local removed = 0
        for i, sha in ipairs(ARGV) do
          if not referenced[sha] then
            redis.call('DEL', KEYS[i + 2])
            redis.call('SREM', KEYS[2], sha)
            removed = removed + 1
          end
        end
        return removed
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly bool _ownsConnection;
    private readonly string _prefix;
    private readonly RedisKey _records;
    private readonly RedisKey _sha256s;
    private readonly RedisKey _deleted;
    private readonly RedisKey _blobIndex;
    private readonly RedisKey _version;
    private readonly RedisChannel _channel;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisPluginStore> _logger;
    private readonly PluginChangeNotifier _notifier;
    private readonly Action<RedisChannel, RedisValue> _onNotice;
    private readonly Lock _gate = new();
    private Task? _channelSubscription; // guarded by _gate; null until the first Subscribe, or after a failed attempt
    private bool _disposed; // guarded by _gate

    /// <summary>A store on a connection the caller owns (and disposes).</summary>
    /// <param name="redis">The connection.</param>
    /// <param name="keyPrefix">Prefix of every key and of the channel, e.g. <c>gortc:{serviceId}:plugins</c>.</param>
    /// <param name="time">Clock for <see cref="PluginRecord.UploadedAt"/>.</param>
    /// <param name="logger">Logger.</param>
    public RedisPluginStore(IConnectionMultiplexer redis, string keyPrefix, TimeProvider time, ILogger<RedisPluginStore> logger)
        : this(redis, ownsConnection: false, keyPrefix, time, logger)
    {
    }

    private RedisPluginStore(IConnectionMultiplexer redis, bool ownsConnection, string keyPrefix, TimeProvider time, ILogger<RedisPluginStore> logger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPrefix);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _redis = redis;
        _ownsConnection = ownsConnection;
        _prefix = keyPrefix;
        _records = $"{keyPrefix}:records";
        _sha256s = $"{keyPrefix}:sha256";
        _deleted = $"{keyPrefix}:deleted";
        _blobIndex = $"{keyPrefix}:blobs";
        _version = $"{keyPrefix}:version";
        _channel = RedisChannel.Literal($"{keyPrefix}:changed");
        _time = time;
        _logger = logger;
        _notifier = new PluginChangeNotifier(logger);
        _onNotice = (_, _) => _notifier.Notify();
        _redis.ConnectionRestored += OnConnectionRestored;
    }

    /// <summary>
    /// Connects to Redis and returns a store that owns the connection (disposed with the store). Put
    /// <c>abortConnect=false</c> in the connection string to start while Redis is still coming up.
    /// </summary>
    public static async Task<RedisPluginStore> ConnectAsync(string connectionString, string keyPrefix, TimeProvider time, ILogger<RedisPluginStore> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(keyPrefix);
        var redis = await ConnectionMultiplexer.ConnectAsync(connectionString).ConfigureAwait(false);
        try
        {
            return new RedisPluginStore(redis, ownsConnection: true, keyPrefix, time, logger);
        }
        catch
        {
            await redis.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    protected override async Task<IReadOnlyCollection<PluginRecord>> ReadRecordsAsync(CancellationToken cancellationToken)
    {
        var values = await _redis.GetDatabase().HashValuesAsync(_records).WaitAsync(cancellationToken).ConfigureAwait(false);
        return values.Select(Deserialize).ToArray();
    }

    /// <inheritdoc/>
    protected override async Task<byte[]?> ReadBlobAsync(string sha256, CancellationToken cancellationToken)
    {
        var value = await _redis.GetDatabase().StringGetAsync(BlobKey(sha256)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return (byte[]?)value;
    }

    /// <inheritdoc/>
    public override async Task<bool> DeleteAsync(PluginKind kind, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        cancellationToken.ThrowIfCancellationRequested();
        var key = new PluginKey(kind, name);
        var result = await _redis.GetDatabase().ScriptEvaluateAsync(
                DeleteScript,
                [_records, _sha256s, _deleted],
                [key.ToString(), _channel.ToString()])
            .ConfigureAwait(false);
        if ((long)result != 1)
        {
            return false;
        }

        LogDeleted(kind, name);
        return true;
    }

    /// <inheritdoc/>
    public override async Task<int> PruneAsync(IReadOnlySet<string> keepSha256, CancellationToken cancellationToken = default)
    {
        var keep = PluginStoreRules.NormalizeKeepSet(keepSha256);
        cancellationToken.ThrowIfCancellationRequested();
        var db = _redis.GetDatabase();
        var stored = await db.SetMembersAsync(_blobIndex).ConfigureAwait(false);
        var current = await db.HashValuesAsync(_sha256s).ConfigureAwait(false);
        var referenced = current.Select(v => (string)v!).ToHashSet(StringComparer.Ordinal);
        var candidates = stored.Select(v => (string)v!)
            .Where(sha => !referenced.Contains(sha) && !keep.Contains(sha))
            .ToArray();
        if (candidates.Length == 0)
        {
            return 0;
        }

        cancellationToken.ThrowIfCancellationRequested();
        RedisKey[] keys = [_sha256s, _blobIndex, .. candidates.Select(BlobKey)];
        var result = await db.ScriptEvaluateAsync(PruneScript, keys, [.. candidates.Select(sha => (RedisValue)sha)])
            .ConfigureAwait(false);
        var removed = (int)(long)result;
        LogPruned(removed);
        return removed;
    }

    /// <inheritdoc/>
    public override IDisposable Subscribe(Action onChanged)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
        }

        var subscription = _notifier.Add(onChanged);
        EnsureChannelSubscribed();
        return subscription;
    }

    /// <summary>Stops notices; disposes the connection if <see cref="ConnectAsync"/> made it.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? channelSubscription;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            channelSubscription = _channelSubscription;
        }

        _redis.ConnectionRestored -= OnConnectionRestored;
        _notifier.Clear();
        if (channelSubscription is not null)
        {
            // Does not throw for Redis failures: SubscribeChannelAsync logs them.
            await channelSubscription.ConfigureAwait(false);
            try
            {
                await _redis.GetSubscriber().UnsubscribeAsync(_channel, _onNotice).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogUnsubscribeFailed(ex, _prefix);
            }
        }

        if (_ownsConnection)
        {
            await _redis.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads the state of (kind, name), lets <paramref name="shouldWrite"/> decide, and writes with a compare-and-set;
    /// if another process changed (kind, name) in between, decides again on what is there now. A version number drawn
    /// for a lost attempt is simply skipped: numbers must never be reused, they need not be contiguous.
    /// </summary>
    protected override async Task<PluginRecord?> WriteAsync(
        PluginUpload upload,
        Func<PluginRecord?, bool, string, bool> shouldWrite,
        CancellationToken cancellationToken)
    {
        var sha256 = PluginStoreRules.Sha256Of(upload.Content.Span);
        var field = new PluginKey(upload.Kind, upload.Name).ToString();
        var db = _redis.GetDatabase();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var currentRead = db.HashGetAsync(_records, field);
            var deletedRead = db.SetContainsAsync(_deleted, field);
            var currentValue = await currentRead.ConfigureAwait(false);
            var deleted = await deletedRead.ConfigureAwait(false);
            var current = currentValue.IsNull ? null : Deserialize(currentValue);
            if (!shouldWrite(current, deleted, sha256))
            {
                return null;
            }

            // Drawn after reading the current record, so it is above that record's version.
            var version = checked((int)await db.StringIncrementAsync(_version).ConfigureAwait(false));
            var record = new PluginRecord(
                upload.Kind, upload.Name, version, upload.File, sha256, upload.Content.Length, _time.GetUtcNow(), upload.Origin);
            var written = await db.ScriptEvaluateAsync(
                    WriteScript,
                    [_records, _sha256s, _deleted, _blobIndex, BlobKey(sha256)],
                    [
                        field,
                        currentValue.IsNull ? RedisValue.EmptyString : currentValue,
                        deleted ? 1 : 0,
                        JsonSerializer.Serialize(record, PluginStoreJsonContext.Default.PluginRecord),
                        sha256,
                        upload.Content,
                        _channel.ToString(),
                    ])
                .ConfigureAwait(false);
            if ((long)written == 1)
            {
                LogStored(record.Kind, record.Name, record.Version, record.Origin, record.Sha256);
                return record;
            }

            LogWriteConflict(upload.Kind, upload.Name);
        }
    }

    private void EnsureChannelSubscribed()
    {
        lock (_gate)
        {
            if (_disposed || _channelSubscription is not null)
            {
                return;
            }

            _channelSubscription = SubscribeChannelAsync();
        }
    }

    private async Task SubscribeChannelAsync()
    {
        try
        {
            await _redis.GetSubscriber().SubscribeAsync(_channel, _onNotice).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Tried again by the next Subscribe or when the connection comes back.
            LogSubscribeFailed(ex, _prefix);
            lock (_gate)
            {
                _channelSubscription = null;
            }

            return;
        }

        // A change made between Subscribe and now was published before anyone here listened: have subscribers re-read.
        _notifier.Notify();
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        // Notices published while the connection was down are lost, not queued: have subscribers re-read.
        LogConnectionRestored(_prefix, e.ConnectionType);
        if (_notifier.HasSubscribers)
        {
            EnsureChannelSubscribed();
            _notifier.Notify();
        }
    }

    private RedisKey BlobKey(string sha256) => $"{_prefix}:blob:{sha256}";

    private static PluginRecord Deserialize(RedisValue value) =>
        JsonSerializer.Deserialize((byte[])value!, PluginStoreJsonContext.Default.PluginRecord)
        ?? throw new InvalidDataException("A plugin record in Redis is JSON null.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored plugin {Kind} {Name} version {Version} ({Origin}, sha256 {Sha256})")]
    private partial void LogStored(PluginKind kind, string name, int version, PluginOrigin origin, string sha256);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Plugin {Kind} {Name} changed by another silo while being written; deciding again")]
    private partial void LogWriteConflict(PluginKind kind, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted plugin {Kind} {Name}")]
    private partial void LogDeleted(PluginKind kind, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} plugin blobs no longer used")]
    private partial void LogPruned(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to plugin change notices under {Prefix}; will retry when the connection is restored")]
    private partial void LogSubscribeFailed(Exception exception, string prefix);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not unsubscribe from plugin change notices under {Prefix}")]
    private partial void LogUnsubscribeFailed(Exception exception, string prefix);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis connection ({ConnectionType}) restored; plugin store {Prefix} subscribers told to re-read")]
    private partial void LogConnectionRestored(string prefix, ConnectionType connectionType);
}
