using System.Threading.Channels;
using GoRtc.Grains;
using GoRtc.Jsip;
using GoRtc.Silo.Hosting;
using GoRtc.Silo.Plugins;
using GoRtc.Silo.State;
using GoRtc.SlpSdk;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoRtc.Silo.Slps;

/// <summary>
/// Hosts one SLP instance. Incoming calls only queue work; a pump running on the activation hands the work to the SLP
/// one item at a time. Because the pump is not a grain request, the SLP can await sends to its dialogues while those
/// dialogues deliver new messages to it, with no call-chain deadlock.
/// </summary>
[KeepAlive] // An instance lives until its SLP finishes it, as in the reference; idle collection must not cut it.
[Orleans.Placement.PreferLocalPlacement] // Beside the dialogue that started it: that silo has the SLP version the dialogue selected.
[GrainType(GrainTypes.SlpInstance)]
internal sealed partial class SlpInstanceGrain : Grain, ISlpInstanceGrain
{
    private readonly PluginCatalog _catalog;
    private readonly ClusterStateFactory _state;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<SlpInstanceGrain> _logger;
    private readonly TimeProvider _time;
    private readonly JsipOptions _jsip;
    private readonly JsipGrains _grains;
    private readonly Channel<SlpWork> _work = Channel.CreateUnbounded<SlpWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, Func<JsipMessage, ValueTask>?> _dialogues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<JsipMessage, ValueTask>?> _relIds = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private SlpVersion? _version;
    private Slp? _slp;
    private SlpInstanceContext? _context;
    private bool _finished;
    private bool _finishRequested;
    private int _relIdSequence;

    public SlpInstanceGrain(PluginCatalog catalog, ClusterStateFactory state, ILoggerFactory loggerFactory, TimeProvider time, IOptions<JsipOptions> jsip,
        JsipGrains grains)
    {
        _catalog = catalog;
        _state = state;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SlpInstanceGrain>();
        _time = time;
        _jsip = jsip.Value;
        _grains = grains;
    }

    private string InstanceId => this.GetPrimaryKeyString();

    public Task<bool> Start(JsipMessage request)
    {
        if (_slp is null && !_finished)
        {
            if (!SlpInstanceId.TryParse(InstanceId, out var name, out var version)
                || !TryStart(name, version, out _version, out var slp))
            {
                _finished = true;
                DeactivateOnIdle();
                return Task.FromResult(false);
            }

            _slp = slp;
            _context = new SlpInstanceContext(this, _version, _state.For(_version.Package), _loggerFactory.CreateLogger($"GoRtc.Slp.{_version.Name}"));
            _slp.Attach(_context);
            _slp.AttachShared(_version.Shared);
            _ = PumpAsync();
        }

        return Deliver(request);
    }

    /// <summary>
    /// Creates the SLP on the version the dialogue selected or, when a swap has retired or unloaded that version in
    /// the meantime, on the name's current version: this is a new dialogue, and new dialogues go to the newest version.
    /// </summary>
    private bool TryStart(string name, int version, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SlpVersion? selected,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Slp? slp)
    {
        var selectedVersionRetired = false;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // A retired version stays in the catalog until its last instance ends: once it has refused, ask for the
            // current one, or every attempt would pick the retired version again.
            if (!((!selectedVersionRetired && _catalog.TryGetSlpVersion(name, version, out selected)) || _catalog.TryGetSlp(name, out selected)))
            {
                break;
            }

            slp = CreateSlp(selected);
            if (slp is not null)
            {
                return true;
            }

            if (!selected.IsRetired)
            {
                break; // the constructor threw
            }

            selectedVersionRetired = true;
        }

        selected = null;
        slp = null;
        return false;
    }

    private Slp? CreateSlp(SlpVersion version)
    {
        try
        {
            return version.CreateInstance();
        }
#pragma warning disable CA1031 // A constructor that throws fails this dialogue's start only.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSlpFailed(ex, version.Name, version.Version, InstanceId);
            return null;
        }
    }

    public Task<bool> Deliver(JsipMessage message)
    {
        if (_slp is null || _finished)
        {
            // Never started here (a stale id after the instance ended): stay dead, and let the activation go.
            DeactivateOnIdle();
            return Task.FromResult(false);
        }

        _work.Writer.TryWrite(new SlpWork.Message(message));
        return Task.FromResult(true);
    }

    public Task<bool> OwnsRelId(string relId)
    {
        if (_slp is null)
        {
            DeactivateOnIdle();
        }

        return Task.FromResult(_slp is not null && !_finished && _relIds.ContainsKey(relId));
    }

    public Task DialogueTerminated(string dialogueId)
    {
        if (_slp is null)
        {
            DeactivateOnIdle(); // a late notice to an instance that has ended: do not keep a ghost activation
        }
        else if (!_finished)
        {
            _work.Writer.TryWrite(new SlpWork.DialogueEnded(dialogueId));
        }

        return Task.CompletedTask;
    }

    internal string Realm => _jsip.Realm;

    internal TimeProvider Time => _time;

    internal string NewDialogueId(Func<JsipMessage, ValueTask>? handler)
    {
        var id = $"dlg_{_jsip.Realm}_{Guid.NewGuid():N}";
        _dialogues[id] = handler;
        return id;
    }

    internal string NewRelId(Func<JsipMessage, ValueTask>? handler)
    {
        var id = SlpInstanceId.CreateRelId(_jsip.Realm, InstanceId, ++_relIdSequence);
        _relIds[id] = handler;
        return id;
    }

    internal async Task SendAsync(JsipMessage message)
    {
        if (_finished)
        {
            throw new JsipSendException("Finished", "The SLP instance has finished.");
        }

        if (string.IsNullOrEmpty(message.DialogueId))
        {
            throw new JsipSendException("Invalid", "The message has no DialogueID.");
        }

        _dialogues.TryAdd(message.DialogueId, null);
        SendResult result;
        try
        {
            result = await _grains.Dialog(message.DialogueId).Send(message, InstanceId);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // The cluster could not carry it (a silo died a moment ago, a call timed out): the SLP sees a refusal it can
            // act on — and may retry — not an infrastructure exception that would fail the whole instance.
            throw new JsipSendException(JsipSendException.Unavailable, $"{message.Name} on {message.DialogueId} could not be sent: {ex.Message}", ex);
        }

        if (result.Ended)
        {
            // The dialogue has ended (its TERM follows as work): it is no longer ours to release when the instance
            // finishes — a Release now would only bring its grain back for nothing.
            _dialogues.Remove(message.DialogueId);
        }

        if (!result.IsAccepted)
        {
            throw new JsipSendException(result.Rejection!, $"{message.Name} on {message.DialogueId} refused: {result.Detail ?? result.Rejection}");
        }
    }

    internal IDisposable RegisterTimer(TimeSpan dueTime, TimeSpan? period, Func<CancellationToken, ValueTask> callback) =>
        this.RegisterGrainTimer(
            _ =>
            {
                _work.Writer.TryWrite(new SlpWork.Timer(callback));
                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions(dueTime, period ?? Timeout.InfiniteTimeSpan) { KeepAlive = true });

    internal void RequestFinish() => _finishRequested = true;

    internal async ValueTask<bool> IsUserConnectedAsync(string userId) =>
        await _grains.User(userId).IsConnected();

    private async Task PumpAsync()
    {
        var slp = _slp!;
        try
        {
            await slp.OnActivateAsync(_stopping.Token);
            while (!_finishRequested && await _work.Reader.WaitToReadAsync())
            {
                while (!_finishRequested && _work.Reader.TryRead(out var work))
                {
                    await RunAsync(slp, work);
                }
            }
        }
#pragma warning disable CA1031 // SLP code may throw anything; it fails this instance only.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSlpFailed(ex, _version!.Name, _version.Version, InstanceId);
            await EndAsync(slp, failed: true);
            return;
        }

        await EndAsync(slp, failed: false);
    }

    private ValueTask RunAsync(Slp slp, SlpWork work)
    {
        switch (work)
        {
            case SlpWork.Message(var message):
                if (!_dialogues.TryGetValue(message.DialogueId, out var handler))
                {
                    // A new dialogue joins this instance: through a relid, with the relid's handler.
                    handler = null;
                    if (message.HasRouter && JsipUri.TryParse(message.Router[0], out var router, out _)
                        && router.GetParameter("relid") is { Length: > 0 } relId)
                    {
                        _relIds.TryGetValue(relId, out handler);
                    }

                    _dialogues[message.DialogueId] = handler;
                }

                return handler is not null ? handler(message) : slp.OnMessageAsync(message, _stopping.Token);

            case SlpWork.Timer(var callback):
                return callback(_stopping.Token);

            case SlpWork.DialogueEnded(var dialogueId):
                _dialogues.Remove(dialogueId);
                return slp.OnDialogueTerminatedAsync(dialogueId, _stopping.Token);

            default:
                return ValueTask.CompletedTask;
        }
    }

    private async Task EndAsync(Slp slp, bool failed)
    {
        _finished = true;
        _work.Writer.TryComplete();
        await _stopping.CancelAsync();
        if (!failed)
        {
            try
            {
                await slp.OnFinishAsync();
            }
#pragma warning disable CA1031 // A failing finish hook is logged; the instance ends anyway.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogSlpFailed(ex, _version!.Name, _version.Version, InstanceId);
                failed = true;
            }
        }

        foreach (var dialogueId in _dialogues.Keys)
        {
            _ = _grains.Dialog(dialogueId).Release(InstanceId, failed);
        }

        _dialogues.Clear();
        _relIds.Clear();
        LogInstanceEnded(_version!.Name, _version.Version, InstanceId, failed);

        // Drop every reference into the plugin before the version learns its last instance ended: a retired
        // version's load context can only be collected once no activation holds its objects.
        _slp = null;
        _context = null;
        _version.EndUse();
        DeactivateOnIdle();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "SLP {Name} version {Version} instance {InstanceId} threw; the instance is failed")]
    private partial void LogSlpFailed(Exception exception, string name, int version, string instanceId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SLP {Name} version {Version} instance {InstanceId} ended (failed: {Failed})")]
    private partial void LogInstanceEnded(string name, int version, string instanceId, bool failed);

    public Task<SlpInstanceSnapshot> Inspect()
    {
        // Interleaved: only reads (the pump runs on this activation's scheduler too, so the maps are not changing
        // under this call). Never started here: this call created the activation, which must not stay (KeepAlive).
        if (_slp is null)
        {
            DeactivateOnIdle();
        }

        var name = _version?.Name;
        int? version = _version?.Version;
        if (_version is null && SlpInstanceId.TryParse(InstanceId, out var parsedName, out var parsedVersion))
        {
            (name, version) = (parsedName, parsedVersion);
        }

        return Task.FromResult(new SlpInstanceSnapshot(
            InstanceId, name, version, [.. _dialogues.Keys], [.. _relIds.Keys], _context?.StartedAt, _finished));
    }
}
