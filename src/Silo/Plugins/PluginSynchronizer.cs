using System.Threading.Channels;
using GoRtc.Grains.Plugins;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace GoRtc.Silo.Plugins;

/// <summary>
/// Keeps this silo's <see cref="PluginCatalog"/> equal to the <see cref="IPluginStore"/>: seeds the store with the
/// configured plugins, loads everything stored before the silo takes traffic, reloads on every change notice (and
/// every <see cref="ReconcileInterval"/>, in case a notice was lost), and reports what is loaded here to the
/// <see cref="IPluginStatusGrain"/>.
/// </summary>
internal sealed partial class PluginSynchronizer : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    public static readonly TimeSpan ReconcileInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CounterInterval = TimeSpan.FromSeconds(1);

    private readonly PluginCatalog _catalog;
    private readonly IPluginStore _store;
    private readonly PluginOptions _options;
    private readonly IGrainFactory _grains;
    private readonly ILocalSiloDetails _silo;
    private readonly TimeProvider _time;
    private readonly ILogger<PluginSynchronizer> _logger;
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _reconciling = new(1, 1);
    private IDisposable? _subscription;
    private Task? _loop;
    private volatile bool _catalogChanged = true;

    public PluginSynchronizer(PluginCatalog catalog, IPluginStore store, IOptions<PluginOptions> options, IGrainFactory grains,
        ILocalSiloDetails silo, TimeProvider time, ILogger<PluginSynchronizer> logger)
    {
        _catalog = catalog;
        _store = store;
        _options = options.Value;
        _grains = grains;
        _silo = silo;
        _time = time;
        _logger = logger;
        _catalog.Changed += () =>
        {
            _catalogChanged = true;
            _signals.Writer.TryWrite(false);
        };
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);

        // Plugins are loaded before the silo accepts grain calls, so the first dialogue finds its SLP.
        lifecycle.Subscribe(nameof(PluginSynchronizer), ServiceLifecycleStage.ApplicationServices, LoadAsync, StopAsync);

        // Reports need the cluster: they start once the silo is active.
        lifecycle.Subscribe(nameof(PluginSynchronizer), ServiceLifecycleStage.Active, StartReporting, _ => Task.CompletedTask);
    }

    /// <summary>Brings the catalog up to date with the store now (also what a change notice triggers).</summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        await _reconciling.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var records = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
            var wanted = new HashSet<(PluginKind, string)>();
            foreach (var record in records.OrderBy(r => r.Version))
            {
                wanted.Add((record.Kind, record.Name));
                if (_catalog.IsCurrent(record.Kind, record.Name, record.Version)
                    || _catalog.Failures.ContainsKey((record.Kind, record.Name, record.Version)))
                {
                    continue;
                }

                var content = await _store.ReadAsync(record.Sha256, cancellationToken).ConfigureAwait(false);
                if (content is null)
                {
                    LogBlobMissing(record.Kind, record.Name, record.Version, record.Sha256);
                    continue;
                }

                _catalog.Load(record, content, _options.SettingsOf(record.Kind, record.Name));
            }

            foreach (var (kind, version) in _catalog.Loaded)
            {
                if (!version.IsRetired && !wanted.Contains((kind, version.Name)))
                {
                    _catalog.Remove(kind, version.Name);
                }
            }
        }
        finally
        {
            _reconciling.Release();
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _stopping.Dispose();
        _reconciling.Dispose();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await SeedAsync(cancellationToken).ConfigureAwait(false);
        _subscription = _store.Subscribe(() => _signals.Writer.TryWrite(true));
        try
        {
            await ReconcileAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A store that cannot be read at start is reported; the loop retries.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogReconcileFailed(ex);
        }
    }

    /// <summary>Puts the configured plugins into the store, unless the store already decided otherwise.</summary>
    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        var configured = _options.Slps.Select(p => (Kind: PluginKind.Slp, p.Key, p.Value))
            .Concat(_options.Apis.Select(p => (Kind: PluginKind.Api, p.Key, p.Value)));
        foreach (var (kind, name, plugin) in configured)
        {
            if (PluginNames.Validate(kind, name) is { } badName)
            {
                LogSeedSkipped(kind, name, plugin.File, badName);
                continue;
            }

            var path = Path.IsPathRooted(plugin.File) ? plugin.File : Path.Combine(_options.ResolvedDirectory, plugin.File);
            try
            {
                var content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
                var upload = new PluginUpload(kind, name, Path.GetFileName(path), content, PluginOrigin.Configuration);
                if (await _store.SeedAsync(upload, cancellationToken).ConfigureAwait(false) is { } record)
                {
                    LogSeeded(kind, name, record.Version, record.File, record.Sha256);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogSeedSkipped(kind, name, path, ex.Message);
            }
        }
    }

    private Task StartReporting(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        var lastReconcile = _time.GetUtcNow();
        var lastReport = DateTimeOffset.MinValue;
        var lastCounters = (Created: -1L, Alive: -1L);
        while (!token.IsCancellationRequested)
        {
            try
            {
                var storeChanged = false;
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(token))
                {
                    wait.CancelAfter(CounterInterval);
                    try
                    {
                        await _signals.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!token.IsCancellationRequested)
                    {
                        // the counter interval has passed
                    }
                }

                while (_signals.Reader.TryRead(out var fromStore))
                {
                    storeChanged |= fromStore;
                }

                var now = _time.GetUtcNow();
                if (storeChanged || now - lastReconcile >= ReconcileInterval)
                {
                    lastReconcile = now;
                    await ReconcileAsync(token).ConfigureAwait(false);
                }

                var loaded = _catalog.Loaded;
                var counters = (Created: loaded.Sum(l => l.Version.InstancesCreated), Alive: loaded.Sum(l => l.Version.InstancesAlive));
                if (_catalogChanged || counters != lastCounters || now - lastReport >= HeartbeatInterval)
                {
                    _catalogChanged = false;
                    lastCounters = counters;
                    lastReport = now;
                    await _grains.GetGrain<IPluginStatusGrain>(0).Report(CreateReport(loaded)).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The loop must outlive a store or cluster hiccup; the next round retries.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogReconcileFailed(ex);
                _catalogChanged = true;
                await Task.Delay(CounterInterval, _time, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private SiloPluginReport CreateReport(IReadOnlyList<(PluginKind Kind, PluginVersion Version)> loaded) => new(
        _silo.SiloAddress.ToString(),
        _time.GetUtcNow(),
        [.. loaded.Select(l => new LoadedPluginStatus(
            l.Kind.ToWire(), l.Version.Name, l.Version.Version, l.Version.Sha256, l.Version.LoadedAt,
            _catalog.IsCurrent(l.Kind, l.Version.Name, l.Version.Version), l.Version.InstancesCreated, l.Version.InstancesAlive, l.Version.File))],
        [.. _catalog.Failures.Select(f => new PluginLoadFailure(f.Key.Kind.ToWire(), f.Key.Name, f.Key.Version, f.Value))],
        _catalog.PackageCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Kind} {Name} version {Version} from {File} (sha256 {Sha256})")]
    private partial void LogSeeded(PluginKind kind, string name, int version, string file, string sha256);

    [LoggerMessage(Level = LogLevel.Error, Message = "Configured {Kind} {Name} ({File}) skipped: {Reason}")]
    private partial void LogSeedSkipped(PluginKind kind, string name, string file, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Kind} {Name} version {Version}: the store has no bytes for sha256 {Sha256}")]
    private partial void LogBlobMissing(PluginKind kind, string name, int version, string sha256);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin synchronisation failed; retrying")]
    private partial void LogReconcileFailed(Exception exception);
}
