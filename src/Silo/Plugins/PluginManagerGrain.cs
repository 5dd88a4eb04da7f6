using GoRtc.Grains.Plugins;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace GoRtc.Silo.Plugins;

/// <summary>
/// The management API's hands on a silo. An upload is validated here (loaded into a throw-away context and
/// instantiated) before anything is stored, so a bad plugin changes nothing; then it is stored, every silo loads it
/// on the store's change notice, and the answer waits until every active silo serves it (or the propagation timeout).
/// </summary>
[StatelessWorker]
internal sealed partial class PluginManagerGrain : Grain, IPluginManagerGrain
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private readonly IPluginStore _store;
    private readonly PluginOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PluginManagerGrain> _logger;

    // How long an upload may wait for the silos: never as long as its caller waits for the answer (the cluster's
    // response timeout), or a slow propagation would turn a stored plugin into a timed-out call (an empty 500).
    private readonly TimeSpan _waitBudget;

    public PluginManagerGrain(
        IPluginStore store, IOptions<PluginOptions> options, IOptions<Orleans.Configuration.SiloMessagingOptions> messaging, TimeProvider time,
        ILogger<PluginManagerGrain> logger)
    {
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
        var half = messaging.Value.ResponseTimeout / 2;
        _waitBudget = _options.PropagationTimeout < half ? _options.PropagationTimeout : half;
    }

    public async Task<PluginEntry[]> List(string kind)
    {
        if (!PluginKindNames.TryParse(kind, out var pluginKind))
        {
            return [];
        }

        var records = await _store.ListAsync();
        var (silos, reports) = await ClusterViewAsync();
        return Describe(records.Where(r => r.Kind == pluginKind), kind, silos, reports);
    }

    public async Task<PluginChange> LoadFile(string kind, string name, string file)
    {
        if (ValidateRequest(kind, name, file) is { } invalid)
        {
            return invalid;
        }

        var path = Path.Combine(_options.ResolvedDirectory, file);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return PluginChange.Failed(PluginChangeStatus.FileNotFound, $"{file} is not in the plugins folder");
        }

        if (info.Length > _options.MaxBytes)
        {
            return PluginChange.Failed(PluginChangeStatus.TooLarge, $"{file} has {info.Length} bytes; the limit is {_options.MaxBytes}");
        }

        return await Upload(kind, name, file, await File.ReadAllBytesAsync(path));
    }

    public async Task<PluginChange> Upload(string kind, string name, string file, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (ValidateRequest(kind, name, file) is { } invalid)
        {
            return invalid;
        }

        if (content.Length > _options.MaxBytes)
        {
            return PluginChange.Failed(PluginChangeStatus.TooLarge, $"the plugin has {content.Length} bytes; the limit is {_options.MaxBytes}");
        }

        PluginKindNames.TryParse(kind, out var pluginKind);
        if (PluginCatalog.Validate(pluginKind, name, content) is { } reason)
        {
            LogRejected(pluginKind, name, file, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), reason);
            return PluginChange.Failed(PluginChangeStatus.Invalid, reason);
        }

        PluginRecord record;
        try
        {
            record = await _store.PutAsync(new PluginUpload(pluginKind, name, file, content, PluginOrigin.Upload));
        }
#pragma warning disable CA1031 // A store failure is the answer (500), not a crash.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogStoreFailed(ex, pluginKind, name);
            return PluginChange.Failed(PluginChangeStatus.StoreFailed, $"the plugin store failed: {ex.Message}");
        }

        LogUploaded(pluginKind, name, record.Version, file, record.Sha256, record.Size);
        var entry = await WaitAsync(record);
        return new PluginChange(PluginChangeStatus.Loaded, null, entry);
    }

    public async Task<PluginChange> Delete(string kind, string name)
    {
        if (!PluginKindNames.TryParse(kind, out var pluginKind))
        {
            return PluginChange.Failed(PluginChangeStatus.Invalid, $"unknown plugin kind {kind}");
        }

        if (PluginNames.Validate(pluginKind, name) is { } badName)
        {
            return PluginChange.Failed(PluginChangeStatus.Invalid, badName);
        }

        if (pluginKind == PluginKind.Api && PluginNames.BuiltInApis.Contains(name))
        {
            return PluginChange.Failed(PluginChangeStatus.Invalid, $"{name} is built in; it cannot be deleted");
        }

        var current = (await _store.ListAsync()).FirstOrDefault(r => r.Kind == pluginKind && r.Name == name);
        if (current is null || !await _store.DeleteAsync(pluginKind, name))
        {
            return PluginChange.Failed(PluginChangeStatus.NotFound, $"{(pluginKind == PluginKind.Slp ? "SLP" : "API")} {name} is not loaded");
        }

        LogDeleted(pluginKind, name, current.Version);

        // Done when no active silo still serves it as current.
        var deadline = _time.GetUtcNow() + _waitBudget;
        while (_time.GetUtcNow() < deadline)
        {
            var (silos, reports) = await ClusterViewAsync();
            if (!reports.Where(r => silos.Contains(r.Silo)).SelectMany(r => r.Loaded)
                    .Any(l => l.Kind == kind && l.Name == name && l.Current))
            {
                break;
            }

            await Task.Delay(PollInterval, _time);
        }

        return new PluginChange(PluginChangeStatus.Deleted, null, null);
    }

    private static PluginChange? ValidateRequest(string kind, string name, string file)
    {
        if (!PluginKindNames.TryParse(kind, out var pluginKind))
        {
            return PluginChange.Failed(PluginChangeStatus.Invalid, $"unknown plugin kind {kind}");
        }

        if ((PluginNames.Validate(pluginKind, name) ?? PluginNames.ValidateFile(file)) is { } reason)
        {
            return PluginChange.Failed(PluginChangeStatus.Invalid, reason);
        }

        return pluginKind == PluginKind.Api && PluginNames.BuiltInApis.Contains(name)
            ? PluginChange.Failed(PluginChangeStatus.Invalid, $"{name} is built in; it cannot be replaced")
            : null;
    }

    /// <summary>Polls the silos' reports until every active silo has loaded (or failed to load) the record.</summary>
    private async Task<PluginEntry> WaitAsync(PluginRecord record)
    {
        var deadline = _time.GetUtcNow() + _waitBudget;
        var kind = record.Kind.ToWire();
        while (true)
        {
            var (silos, reports) = await ClusterViewAsync();
            var entry = Describe([record], kind, silos, reports).First(e => e.Version == record.Version);
            if (entry.PendingSilos.Length == 0 || _time.GetUtcNow() >= deadline)
            {
                return entry;
            }

            await Task.Delay(PollInterval, _time);
        }
    }

    private async Task<(HashSet<string> Silos, SiloPluginReport[] Reports)> ClusterViewAsync()
    {
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var reports = await GrainFactory.GetGrain<IPluginStatusGrain>(0).GetReports();
        return (hosts.Keys.Select(s => s.ToString()).ToHashSet(StringComparer.Ordinal), reports);
    }

    /// <summary>
    /// One entry per version: the store's current records, plus retired versions that silos still run.
    /// </summary>
    private static PluginEntry[] Describe(IEnumerable<PluginRecord> records, string kind, HashSet<string> silos, SiloPluginReport[] reports)
    {
        var live = reports.Where(r => silos.Contains(r.Silo)).ToArray();
        var entries = new List<PluginEntry>();
        var listed = new HashSet<(string, int)>();
        foreach (var record in records)
        {
            listed.Add((record.Name, record.Version));
            var loaded = live.Select(r => (r.Silo, Status: r.Loaded.FirstOrDefault(l => l.Kind == kind && l.Name == record.Name && l.Version == record.Version)))
                .Where(x => x.Status is not null).ToArray();
            var errors = live.Select(r => (r.Silo, Failure: r.Failures.FirstOrDefault(f => f.Kind == kind && f.Name == record.Name && f.Version == record.Version)))
                .Where(x => x.Failure is not null).Select(x => new PluginSiloError(x.Silo, x.Failure!.Reason)).ToArray();
            var pending = silos.Where(s => loaded.All(l => l.Silo != s) && errors.All(e => e.Silo != s)).Order(StringComparer.Ordinal).ToArray();
            entries.Add(new PluginEntry(kind, record.Name, record.Version, record.File, record.Sha256, record.Size, record.UploadedAt, Current: true,
                loaded.Length == 0 ? null : loaded.Min(l => l.Status!.LoadedAt),
                loaded.Sum(l => l.Status!.InstancesCreated), loaded.Sum(l => l.Status!.InstancesAlive),
                [.. loaded.Select(l => l.Silo).Order(StringComparer.Ordinal)], errors, pending));
        }

        foreach (var group in live.SelectMany(r => r.Loaded.Where(l => l.Kind == kind).Select(l => (r.Silo, Status: l)))
                     .Where(x => !listed.Contains((x.Status.Name, x.Status.Version)))
                     .GroupBy(x => (x.Status.Name, x.Status.Version)))
        {
            var first = group.First().Status;
            entries.Add(new PluginEntry(kind, first.Name, first.Version, first.File, first.Sha256, 0, null, Current: false,
                group.Min(x => x.Status.LoadedAt), group.Sum(x => x.Status.InstancesCreated), group.Sum(x => x.Status.InstancesAlive),
                [.. group.Select(x => x.Silo).Order(StringComparer.Ordinal)], [], []));
        }

        return [.. entries.OrderBy(e => e.Name, StringComparer.Ordinal).ThenByDescending(e => e.Version)];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Uploaded {Kind} {Name} version {Version}: {File}, {Size} bytes, sha256 {Sha256}")]
    private partial void LogUploaded(PluginKind kind, string name, int version, string file, string sha256, long size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected upload of {Kind} {Name} ({File}, sha256 {Sha256}): {Reason}")]
    private partial void LogRejected(PluginKind kind, string name, string file, string sha256, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Kind} {Name} (version {Version} retires when its last use ends)")]
    private partial void LogDeleted(PluginKind kind, string name, int version);

    [LoggerMessage(Level = LogLevel.Error, Message = "The plugin store failed storing {Kind} {Name}")]
    private partial void LogStoreFailed(Exception exception, PluginKind kind, string name);
}
