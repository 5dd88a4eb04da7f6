using GoRtc.Grains.State;
using GoRtc.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace GoRtc.Silo.State;

/// <summary>
/// The keys of one plugin's cluster state. Expired keys are dropped when listed and every
/// <see cref="PluginStateOptions.IndexPrunePeriod"/> while active; each dropped key's entry is touched, so an entry
/// whose timer died with its silo activates, sees it has expired, and leaves storage.
/// </summary>
internal sealed class PluginStateIndexGrain : Grain, IPluginStateIndexGrain
{
    private readonly IPersistentState<PluginStateIndexGrainState> _saved;
    private readonly TimeProvider _time;
    private readonly PluginStateOptions _options;

    public PluginStateIndexGrain(
        [PersistentState("pluginstateindex", GoRtcSiloBuilderExtensions.StorageName)] IPersistentState<PluginStateIndexGrainState> saved,
        TimeProvider time,
        IOptions<PluginStateOptions> options)
    {
        _saved = saved;
        _time = time;
        _options = options.Value;
    }

    private Dictionary<string, DateTimeOffset?> Keys => _saved.State.Keys;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(_ => PruneAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, _options.IndexPrunePeriod) { KeepAlive = false });
        return Task.CompletedTask;
    }

    public async Task Track(string key, DateTimeOffset? expiresAt)
    {
        if (Keys.TryGetValue(key, out var known) && known == expiresAt)
        {
            return;
        }

        Keys[key] = expiresAt;
        await _saved.WriteStateAsync();
    }

    public async Task Untrack(string key)
    {
        if (Keys.Remove(key))
        {
            await _saved.WriteStateAsync();
        }
    }

    public Task<string[]> List(string prefix)
    {
        var now = _time.GetUtcNow();
        var keys = Keys
            .Where(k => k.Key.StartsWith(prefix, StringComparison.Ordinal) && (k.Value is not { } at || at > now))
            .Select(k => k.Key)
            .Order(StringComparer.Ordinal)
            .ToArray();
        return Task.FromResult(keys);
    }

    private async Task PruneAsync()
    {
        var now = _time.GetUtcNow();
        var expired = Keys.Where(k => k.Value is { } at && at <= now).Select(k => k.Key).ToArray();
        if (expired.Length == 0)
        {
            return;
        }

        var scope = this.GetPrimaryKeyString();
        foreach (var key in expired)
        {
            Keys.Remove(key);
            // Not awaited: the entry's activation removes itself, and may call back here (Untrack) meanwhile.
            _ = GrainFactory.GetGrain<IPluginStateGrain>(PluginStateKey.Of(scope, key)).Read();
        }

        await _saved.WriteStateAsync();
    }
}
