using GoRtc.Grains.State;
using GoRtc.Silo.Hosting;
using Microsoft.Extensions.Logging;

namespace GoRtc.Silo.State;

/// <summary>
/// One entry of a plugin's cluster state. Every change is one call, so compare-and-set is exact; the entry is saved
/// before the call returns, so an entry whose silo dies reactivates elsewhere as it was. An expired entry reads as
/// absent at once and is removed from storage and from the index by a timer (or when it next activates, if its
/// silo went away first).
/// </summary>
internal sealed partial class PluginStateGrain : Grain, IPluginStateGrain
{
    private readonly IPersistentState<PluginStateGrainState> _saved;
    private readonly TimeProvider _time;
    private readonly ILogger<PluginStateGrain> _logger;
    private IGrainTimer? _expiry;

    /// <summary>The expiry the index was last told about; null when it does not list this entry (as far as we know).</summary>
    private (bool Listed, DateTimeOffset? ExpiresAt) _indexed;

    public PluginStateGrain(
        [PersistentState("pluginstate", GoRtcSiloBuilderExtensions.StorageName)] IPersistentState<PluginStateGrainState> saved,
        TimeProvider time,
        ILogger<PluginStateGrain> logger)
    {
        _saved = saved;
        _time = time;
        _logger = logger;
    }

    private PluginStateGrainState Saved => _saved.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        LogActivated(this.GetPrimaryKeyString(), Saved.Value is not null);
        if (Saved.Value is not null)
        {
            _indexed = (true, Saved.ExpiresAt);
            if (IsExpired(Saved.ExpiresAt))
            {
                await RemoveAsync();
            }
            else
            {
                ScheduleExpiry(Saved.ExpiresAt);
            }
        }
    }

    public Task<PluginStateRecord> Read() =>
        Task.FromResult(Saved.Value is null || IsExpired(Saved.ExpiresAt)
            ? new PluginStateRecord(null, Saved.Version, null)
            : new PluginStateRecord(Saved.Value, Saved.Version, Saved.ExpiresAt));

    public async Task<bool> Write(long expectedVersion, byte[]? value, DateTimeOffset? expiresAt)
    {
        if (expectedVersion != Saved.Version)
        {
            return false;
        }

        var version = NextVersion();
        if (value is null || IsExpired(expiresAt))
        {
            await RemoveAsync();
            Saved.Version = version;
            return true;
        }

        if (!_indexed.Listed || _indexed.ExpiresAt != expiresAt)
        {
            // Index first: a crash between the two leaves a listed key that reads as absent, never a hidden entry.
            await Index.Track(PluginStateKey.Split(this.GetPrimaryKeyString()).Key, expiresAt);
            _indexed = (true, expiresAt);
        }

        Saved.Value = value;
        Saved.Version = version;
        Saved.ExpiresAt = expiresAt;
        await _saved.WriteStateAsync();
        ScheduleExpiry(expiresAt);
        return true;
    }

    /// <summary>
    /// Versions grow by one within a record's life and start from the clock when a record is created again after
    /// removal (storage then holds nothing to count from): a writer holding a version from before the removal can
    /// never match the new record by accident.
    /// </summary>
    private long NextVersion() => Math.Max(Saved.Version + 1, _time.GetUtcNow().UtcTicks);

    private async Task RemoveAsync()
    {
        _expiry?.Dispose();
        _expiry = null;
        if (Saved.Value is not null)
        {
            await _saved.ClearStateAsync();
        }

        // Clearing resets the state object; keep counting from the removed record's version in this activation.
        Saved.Value = null;
        Saved.ExpiresAt = null;
        if (_indexed.Listed)
        {
            await Index.Untrack(PluginStateKey.Split(this.GetPrimaryKeyString()).Key);
            _indexed = (false, null);
        }
    }

    private void ScheduleExpiry(DateTimeOffset? expiresAt)
    {
        _expiry?.Dispose();
        _expiry = null;
        if (expiresAt is not { } at)
        {
            return;
        }

        // Grain timers take at most ~49 days; a later expiry is checked again when the timer fires.
        var due = TimeSpan.FromTicks(Math.Clamp((at - _time.GetUtcNow()).Ticks, 0, TimeSpan.FromDays(30).Ticks));
        _expiry = this.RegisterGrainTimer(OnExpiryAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = false });
    }

    private Task OnExpiryAsync(CancellationToken cancellationToken)
    {
        if (Saved.Value is null)
        {
            return Task.CompletedTask;
        }

        if (IsExpired(Saved.ExpiresAt))
        {
            return RemoveThenBumpAsync(NextVersion());
        }

        ScheduleExpiry(Saved.ExpiresAt);
        return Task.CompletedTask;
    }

    private async Task RemoveThenBumpAsync(long version)
    {
        await RemoveAsync();
        Saved.Version = version;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Plugin state {Key} activated (stored: {Stored})")]
    private partial void LogActivated(string key, bool stored);

    private bool IsExpired(DateTimeOffset? expiresAt) => expiresAt is { } at && at <= _time.GetUtcNow();

    private IPluginStateIndexGrain Index => GrainFactory.GetGrain<IPluginStateIndexGrain>(PluginStateKey.Split(this.GetPrimaryKeyString()).Scope);
}
