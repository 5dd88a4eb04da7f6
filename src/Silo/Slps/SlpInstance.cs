using System.Threading.Channels;
using GoRtc.Grains;
using GoRtc.Jsip;
using GoRtc.Silo.Dialogs;
using GoRtc.Silo.Plugins;
using GoRtc.SlpSdk;
using Microsoft.Extensions.Logging;

namespace GoRtc.Silo.Slps;

/// <summary>
/// One SLP instance, hosted by the dialogue shard of the dialogue that started it (<see cref="ISlpInstanceHost"/>), so
/// that the messages between that dialogue and its instance take no Orleans hop. Incoming work only queues; a pump
/// running on the shard's activation hands it to the SLP one item at a time. Because the pump is nobody's turn, the SLP
/// can await sends to its dialogues while those dialogues deliver new messages to it.
/// </summary>
/// <remarks>An instance lives until its SLP finishes it, as in the reference, or until its shard goes with its silo.</remarks>
internal sealed partial class SlpInstance
{
    private readonly ISlpInstanceHost _host;
    private readonly ShardServices _services;
    private readonly ILogger _logger;
    private readonly Channel<SlpWork> _work = Channel.CreateUnbounded<SlpWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, Func<JsipMessage, ValueTask>?> _dialogues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<JsipMessage, ValueTask>?> _relIds = new(StringComparer.Ordinal);
    private readonly List<IGrainTimer> _timers = [];
    private readonly CancellationTokenSource _stopping = new();
    private SlpVersion? _version;
    private Slp? _slp;
    private SlpInstanceContext? _context;
    private bool _finished;
    private bool _finishRequested;
    private int _relIdSequence;

    // The last send whose message may still be on its way to its peer, and on which dialogue.
    private (string DialogueId, SendResult Result)? _lastSent;

    private SlpInstance(string instanceId, ISlpInstanceHost host, ShardServices services)
    {
        InstanceId = instanceId;
        _host = host;
        _services = services;
        _logger = services.InstanceLogger;
    }

    public string InstanceId { get; }

    /// <summary>
    /// Creates an instance of <paramref name="version"/> (or, should a swap have retired it meanwhile, of the name's
    /// current version) for the request that opens its first dialogue, and queues that request. Null when the SLP
    /// could not be created: it is not loaded here, or its constructor threw.
    /// </summary>
    public static SlpInstance? Start(SlpVersion version, int shard, IdEntropy entropy, JsipMessage request, ISlpInstanceHost host, ShardServices services)
    {
        var instance = new SlpInstance(SlpInstanceId.Create(version.Name, version.Version, shard, entropy), host, services);
        if (!instance.TryCreate(version.Name, version.Version, out var selected, out var slp))
        {
            return null;
        }

        instance._version = selected;
        instance._slp = slp;
        instance._context = new SlpInstanceContext(instance, selected, services.ClusterState.For(selected.Package), services.LoggerFactory.CreateLogger($"GoRtc.Slp.{selected.Name}"));
        slp.Attach(instance._context);
        slp.AttachShared(selected.Shared);
        instance._work.Writer.TryWrite(new SlpWork.Message(request));
        _ = instance.PumpAsync();
        return instance;
    }

    /// <summary>
    /// Creates the SLP on the version the dialogue selected or, when a swap has retired or unloaded that version in
    /// the meantime, on the name's current version: this is a new dialogue, and new dialogues go to the newest version.
    /// </summary>
    private bool TryCreate(string name, int version, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SlpVersion? selected,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Slp? slp)
    {
        var catalog = _services.Catalog;
        var selectedVersionRetired = false;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // A retired version stays in the catalog until its last instance ends: once it has refused, ask for the
            // current one, or every attempt would pick the retired version again.
            if (!((!selectedVersionRetired && catalog.TryGetSlpVersion(name, version, out selected)) || catalog.TryGetSlp(name, out selected)))
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

    /// <summary>
    /// Queues a message of one of the instance's dialogues. False when the instance has finished, so the dialogue can
    /// move on.
    /// </summary>
    public bool Deliver(JsipMessage message) => !_finished && _work.Writer.TryWrite(new SlpWork.Message(message));

    /// <summary>Whether this instance is alive and owns <paramref name="relId"/>.</summary>
    public bool OwnsRelId(string relId) => !_finished && _relIds.ContainsKey(relId);

    /// <summary>A dialogue of the instance has ended (TERM).</summary>
    public void DialogueTerminated(string dialogueId)
    {
        if (!_finished)
        {
            _work.Writer.TryWrite(new SlpWork.DialogueEnded(dialogueId));
        }
    }

    internal string Realm => _services.Options.Realm;

    internal TimeProvider Time => _services.Time;

    internal string NewDialogueId(Func<JsipMessage, ValueTask>? handler)
    {
        var id = $"dlg_{_services.Options.Realm}_{Guid.NewGuid():N}";
        _dialogues[id] = handler;
        return id;
    }

    internal string NewRelId(Func<JsipMessage, ValueTask>? handler)
    {
        var id = SlpInstanceId.CreateRelId(_services.Options.Realm, InstanceId, ++_relIdSequence);
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
            if (_lastSent is { } last && !string.Equals(last.DialogueId, message.DialogueId, StringComparison.Ordinal))
            {
                // Another dialogue may reach the same user by another path (another silo's push queue, a user grain's):
                // what the last send left on its way goes first, so that the user gets this instance's messages in the
                // order it sent them. Sends on one dialogue keep their order there (see HostedDialogue.SendToPeerAsync).
                _lastSent = null;
                await _host.AwaitDeliveryAsync(last.DialogueId, last.Result);
            }

            result = await _host.SendAsync(message, InstanceId);
            _lastSent = result.PushedFromShardSilo || result.QueuedByUser is not null ? (message.DialogueId, result) : null;
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
            // finishes.
            _dialogues.Remove(message.DialogueId);
        }

        if (!result.IsAccepted)
        {
            throw new JsipSendException(result.Rejection!, $"{message.Name} on {message.DialogueId} refused: {result.Detail ?? result.Rejection}");
        }
    }

    internal IDisposable RegisterTimer(TimeSpan dueTime, TimeSpan? period, Func<CancellationToken, ValueTask> callback)
    {
        if (_finished)
        {
            throw new InvalidOperationException("The SLP instance has finished.");
        }

        var timer = _host.RegisterTimer(
            _ =>
            {
                _work.Writer.TryWrite(new SlpWork.Timer(callback));
                return Task.CompletedTask;
            },
            dueTime,
            period ?? Timeout.InfiniteTimeSpan);
        _timers.Add(timer); // the shard outlives the instance: its timers must end with it
        return timer;
    }

    internal void RequestFinish() => _finishRequested = true;

    internal async ValueTask<bool> IsUserConnectedAsync(string userId) =>
        await _services.Grains.User(userId).IsConnected();

    /// <summary>Ends the instance without its SLP's finish hook: its shard is going (the silo stops).</summary>
    public void Abandon()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        _work.Writer.TryComplete();
        _stopping.Cancel();
        StopTimers();
        _slp = null;
        _context = null;
        _version?.EndUse();
    }

    private async Task PumpAsync()
    {
        // Never inside the caller's turn: the SLP's first step runs as its own work item on the shard.
        await Task.Yield();
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
            if (!_finished)
            {
                LogSlpFailed(ex, _version!.Name, _version.Version, InstanceId);
                await EndAsync(slp, failed: true);
            }

            return;
        }

        if (!_finished)
        {
            await EndAsync(slp, failed: false);
        }
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
        StopTimers();
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
            _host.Release(dialogueId, InstanceId, failed);
        }

        _dialogues.Clear();
        _relIds.Clear();
        LogInstanceEnded(_version!.Name, _version.Version, InstanceId, failed);

        // Drop every reference into the plugin before the version learns its last instance ended: a retired
        // version's load context can only be collected once nothing holds its objects.
        _slp = null;
        _context = null;
        _host.Ended(this);
        _version.EndUse();
    }

    private void StopTimers()
    {
        foreach (var timer in _timers)
        {
            timer.Dispose();
        }

        _timers.Clear();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "SLP {Name} version {Version} instance {InstanceId} threw; the instance is failed")]
    private partial void LogSlpFailed(Exception exception, string name, int version, string instanceId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SLP {Name} version {Version} instance {InstanceId} ended (failed: {Failed})")]
    private partial void LogInstanceEnded(string name, int version, string instanceId, bool failed);

    public SlpInstanceSnapshot Snapshot()
    {
        // The version is dropped once the instance has ended; the id still names it.
        SlpInstanceId.TryParse(InstanceId, out var name, out var version);
        return new SlpInstanceSnapshot(InstanceId, _version?.Name ?? name, _version?.Version ?? version, [.. _dialogues.Keys], [.. _relIds.Keys], _context?.StartedAt, _finished);
    }
}
