using GoRtc.Grains;
using GoRtc.Jsip;
using GoRtc.Jsip.Stack;
using GoRtc.Silo.Hosting;
using GoRtc.Silo.Plugins;
using GoRtc.Silo.Push;
using GoRtc.Silo.Slps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoRtc.Silo.Dialogs;

/// <summary>
/// One dialogue: runs its <see cref="Dialogue"/> (transaction and session layers), binds it to the SLP instance that
/// serves it (§4.2 selection for a request that opens it), and carries what the stack emits to the peer user or to
/// the instance. Every message of a dialogue passes here, so per-dialogue order is the grain's turn order.
/// </summary>
[GrainType(GrainTypes.Dialog)]
[Orleans.Placement.HashBasedPlacement] // A dialogue comes back to the silo where it was parked (DialogueParking).
internal sealed partial class DialogGrain : Grain, IDialogGrain
{
    private readonly JsipOptions _options;
    private readonly PluginCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly JsipMetrics _metrics;
    private readonly JsipGrains _grains;
    private readonly DialogueParking _parking;
    private readonly GatewayPushService _push;
    private readonly ILogger<DialogGrain> _logger;
    private readonly DialogueOutput _output = new();
    private readonly IPersistentState<DialogGrainState> _saved;
    private Dialogue _dialogue = null!;
    private string? _peer;

    // The socket the peer's last message came on: the answers to it go straight there (see SendToPeerAsync).
    private ConnectionAddress? _peerConnection;
    private string? _instanceId;
    private IGrainTimer? _timer;
    private DateTimeOffset? _timerDue;
    private bool _parked;
    private bool _served;

    public DialogGrain(
        [PersistentState("dialog", GoRtcSiloBuilderExtensions.StorageName)] IPersistentState<DialogGrainState> saved,
        IOptions<JsipOptions> options, PluginCatalog catalog, TimeProvider time, JsipMetrics metrics, JsipGrains grains,
        DialogueParking parking, GatewayPushService push, ILogger<DialogGrain> logger)
    {
        _saved = saved;
        _options = options.Value;
        _catalog = catalog;
        _time = time;
        _metrics = metrics;
        _grains = grains;
        _parking = parking;
        _push = push;
        _logger = logger;
    }

    private string DialogueId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var saved = _saved.State;
        if (_saved.RecordExists && saved.Invite is { } inviteJson && JsipCodec.Parse(inviteJson).Message is { } invite)
        {
            // Continue an answered call that another activation (possibly on a lost silo) persisted.
            _dialogue = Dialogue.Restore(DialogueId, _options.ToStackOptions(), new EstablishedSession(
                invite, saved.IsUas, saved.Acked, saved.LatestInviteInbound, saved.TimerDeadline, saved.MissedRefreshes));
            _peer = saved.Peer;
            _instanceId = saved.InstanceId;
            LogRestored(DialogueId);
            ScheduleTimer();
        }
        else if (_parking.TryTake(DialogueId, out var parked))
        {
            _dialogue = parked.Dialogue;
            _peer = parked.Peer;
        }
        else
        {
            _dialogue = new Dialogue(DialogueId, _options.ToStackOptions());
        }

        return Task.CompletedTask;
    }

    public async Task Receive(JsipMessage message, string userId, ConnectionAddress connection)
    {
        BeginTurn();
        if (_peer is null)
        {
            _peer = userId;
        }
        else if (!string.Equals(_peer, userId, StringComparison.Ordinal))
        {
            await RejectForeignAsync(message, userId);
            ScheduleTimer();
            return;
        }

        _peerConnection = connection;
        _dialogue.Receive(message, _time.GetUtcNow(), _output);
        await ApplyAsync();
    }

    public async Task<SendResult> Send(JsipMessage message, string instanceId)
    {
        BeginTurn();
        if (_instanceId is not null && !string.Equals(_instanceId, instanceId, StringComparison.Ordinal))
        {
            return new SendResult("NotOwner", $"Dialogue {DialogueId} belongs to another SLP instance");
        }

        var routed = false;
        if (_peer is null)
        {
            if (!TryRoute(message, out var peer, out var error))
            {
                _metrics.SendRejected("Unroutable");
                ScheduleTimer();
                return new SendResult("Invalid", error);
            }

            _peer = peer;
            routed = true;
        }

        _dialogue.Send(message, _time.GetUtcNow(), _output);
        var result = _output.Terminated ? SendResult.AcceptedAndEnded : SendResult.Accepted;
        if (_output.Rejection != SendRejection.None)
        {
            result = new SendResult(_output.Rejection.ToString(), _output.RejectionDetail);
            _metrics.SendRejected(_output.Rejection.ToString());
            LogSendRejected(DialogueId, message.Name, _output.Rejection, _output.RejectionDetail);
            if (routed)
            {
                _peer = null; // nothing was sent: a refused first message does not bind the dialogue to a peer
            }
        }
        else
        {
            _instanceId ??= instanceId;
        }

        await ApplyAsync();
        return result;
    }

    public async Task Release(string instanceId, bool failed)
    {
        BeginTurn();
        if (!string.Equals(_instanceId, instanceId, StringComparison.Ordinal))
        {
            // Not (or no longer) ours: this call may have activated us afresh, so let an idle activation go.
            ScheduleTimer();
            return;
        }

        _instanceId = null;
        if (failed)
        {
            // The SLP's code threw: end this dialogue cleanly on its behalf (500 to what it owed, BYE/CANCEL).
            _dialogue.Abort(500, "Service failed", _time.GetUtcNow(), _output);
            await ApplyAsync();
        }
        else
        {
            ScheduleTimer();
        }
    }

    /// <summary>Performs what the last stack step produced, in order: the wire first, then the application.</summary>
    private async Task ApplyAsync()
    {
        // Snapshot: delivering may feed the stack again (a 480 for an unreachable peer), which reuses the output.
        var toPeer = _output.ToPeer.Count == 0 ? [] : _output.ToPeer.ToArray();
        var toApp = _output.ToApp.Count == 0 ? [] : _output.ToApp.ToArray();
        var terminated = _output.Terminated;
        if (_output.Dropped is { } dropped)
        {
            _metrics.Dropped(dropped);
            LogDropped(DialogueId, dropped);
        }

        _output.Clear();

        foreach (var message in toPeer)
        {
            await SendToPeerAsync(message);
        }

        foreach (var message in toApp)
        {
            await DeliverToAppAsync(message);
        }

        if (terminated)
        {
            if (_instanceId is { } instanceId)
            {
                _ = _grains.SlpInstance(instanceId).DialogueTerminated(DialogueId);
            }

            // The reference forgets the mapping at TERM: a later request on this id opens a new dialogue.
            _instanceId = null;
            _peer = null;
            _peerConnection = null;
        }

        await SaveMilestoneAsync();
        ScheduleTimer();
    }

    /// <summary>
    /// Persists the dialogue when it reaches a milestone (answer acknowledged, refreshed) and forgets it when it
    /// ends, so that an answered call can be continued by another activation.
    /// </summary>
    private async Task SaveMilestoneAsync()
    {
        // The milestone is the ACKed answer: persisting the moment between 200 and ACK too would cost a write per
        // call for a window of milliseconds.
        var session = _dialogue.CaptureEstablishedSession();
        if (session is not { Acked: true })
        {
            if (_saved.RecordExists && !_dialogue.HasSession)
            {
                await _saved.ClearStateAsync();
            }

            return;
        }

        var state = _saved.State;
        if (_saved.RecordExists && state.Acked == session.Acked && state.TimerDeadline == session.TimerDeadline
            && state.MissedRefreshes == session.MissedRefreshes && state.LatestInviteInbound == session.LatestInviteInbound
            && state.InstanceId == _instanceId && state.Peer == _peer)
        {
            return;
        }

        state.Peer = _peer;
        state.InstanceId = _instanceId;
        state.Invite = JsipCodec.Serialize(session.Invite);
        state.IsUas = session.IsUas;
        state.Acked = session.Acked;
        state.LatestInviteInbound = session.LatestInviteInbound;
        state.TimerDeadline = session.TimerDeadline;
        state.MissedRefreshes = session.MissedRefreshes;
        await _saved.WriteStateAsync();
    }

    private async Task SendToPeerAsync(JsipMessage message)
    {
        if (_peer is null)
        {
            _metrics.Dropped("NoPeer");
            return;
        }

        if (!message.IsRequest && _peerConnection is { } connection && _push.TryPush(connection, _peer, message))
        {
            // An answer to the peer's request goes to the socket the request came on, without a turn of the peer's
            // user grain: the hot path of every transaction. Should that socket be gone, the gateway hands the answer
            // to the user grain, which queues it for the user's next socket, as for any push.
            return;
        }

        var now = _time.GetUtcNow();
        var life = message.IsRequest && message.Method == JsipMethod.Invite ? 2 * _options.ProvisionalTimeout : _options.TransactionTimeout;
        var outcome = await _grains.User(_peer).Deliver(message, now + life);
        if (outcome == DeliveryOutcome.Unavailable && message.IsRequest && message.Method != JsipMethod.Ack)
        {
            // Nobody can take it: answer on the peer's behalf, through the stack, so that transaction and session end
            // exactly as if the peer had said 480 (protocol decision 7).
            var unavailable = message.CreateResponse(480, "Temporarily not available");
            _dialogue.Receive(unavailable, now, _output);
            await ApplyAsync();
        }
    }

    private async Task DeliverToAppAsync(JsipMessage message)
    {
        if (_instanceId is { } instanceId)
        {
            if (await _grains.SlpInstance(instanceId).Deliver(message))
            {
                return;
            }

            // The instance finished: as in the reference, the dialogue is no longer mapped to it.
            _instanceId = null;
        }

        if (message.IsRequest && message.Method.CanStartDialogue())
        {
            await StartInstanceAsync(message);
        }
        else if (message.IsRequest && message.Method != JsipMethod.Ack)
        {
            await AnswerAsync(message, 481, "No service for this dialogue");
        }
        else
        {
            _metrics.Dropped("NoService");
            LogDropped(DialogueId, $"{message.Name}: no SLP instance serves this dialogue");
        }
    }

    private async Task StartInstanceAsync(JsipMessage request)
    {
        var selection = SlpSelection.Select(request, name => _catalog.TryGetSlp(name, out _));
        if (selection.IsError)
        {
            await AnswerAsync(request, selection.ErrorCode, selection.Reason!);
            return;
        }

        if (selection.RelId is { } relId)
        {
            if (!SlpInstanceId.TryGetInstanceOfRelId(relId, out var owner)
                || !await _grains.SlpInstance(owner).OwnsRelId(relId)
                || !await _grains.SlpInstance(owner).Deliver(request))
            {
                await AnswerAsync(request, 404, $"Unknown relid {relId}");
                return;
            }

            _instanceId = owner;
            return;
        }

        if (!_catalog.TryGetSlp(selection.SlpName!, out var version))
        {
            await AnswerAsync(request, 404, $"SLP {selection.SlpName} not loaded");
            return;
        }

        var instanceId = SlpInstanceId.Create(version.Name, version.Version);
        _instanceId = instanceId;
        if (!await _grains.SlpInstance(instanceId).Start(request))
        {
            _instanceId = null;
            await AnswerAsync(request, 404, $"SLP {selection.SlpName} not loaded");
        }
    }

    /// <summary>Answers a request through the stack (so retransmissions get the same answer); ignored if already answered.</summary>
    private async Task AnswerAsync(JsipMessage request, int code, string reason)
    {
        _dialogue.Send(request.CreateResponse(code, reason), _time.GetUtcNow(), _output);
        await ApplyAsync();
    }

    private async Task RejectForeignAsync(JsipMessage message, string userId)
    {
        // A DialogueID belongs to one peer; another user cannot join or end it.
        _metrics.Dropped("ForeignUser");
        LogForeign(DialogueId, userId, message.Name);
        if (message.IsRequest && message.Method != JsipMethod.Ack)
        {
            var answer = message.CreateResponse(481, "Dialogue belongs to another user");
            await _grains.User(userId).Deliver(answer, _time.GetUtcNow() + _options.TransactionTimeout);
        }
    }

    private static bool TryRoute(JsipMessage message, out string peer, out string error)
    {
        // §4.6: the first Router entry if any, else the Request-URI; the connection name is user@host.
        peer = string.Empty;
        if (!message.IsRequest)
        {
            error = "A response needs a dialogue with a peer";
            return false;
        }

        var target = message.HasRouter ? message.Router[0] : message.RequestUri;
        if (!JsipUri.TryParse(target, out var uri, out var parseError))
        {
            error = $"Cannot route to '{target}': {parseError}";
            return false;
        }

        peer = uri.UserHost;
        error = string.Empty;
        return true;
    }

    private void ScheduleTimer()
    {
        var due = _dialogue.NextDeadline;
        if (due is not null && _dialogue.IsIdle && _instanceId is null && _parking.TryPark(DialogueId, _dialogue, _peer, due.Value))
        {
            // Only the memory of answered requests is left: it waits in the parking, not in this activation.
            _parked = true;
            _timer?.Dispose();
            _timer = null;
            _timerDue = null;
            DeactivateOnIdle();
            return;
        }

        if (due is null)
        {
            _timer?.Dispose();
            _timer = null;
            _timerDue = null;
            if (_dialogue.IsIdle && _instanceId is null)
            {
                // Nothing live and nothing to remember: let the activation go.
                DeactivateOnIdle();
            }

            return;
        }

        if (due == _timerDue)
        {
            return;
        }

        _timer?.Dispose();
        _timerDue = due;
        var delay = due.Value - _time.GetUtcNow();
        _timer = this.RegisterGrainTimer(
            OnTimerAsync,
            new GrainTimerCreationOptions(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    /// <summary>
    /// Starts a turn of a call that may change the dialogue. One that reached this activation after it parked its
    /// dialogue (queued before it went) takes the dialogue out of the parking: this activation still holds it, and the
    /// next activation must not start from a stale copy.
    /// </summary>
    private void BeginTurn()
    {
        _served = true;
        if (_parked)
        {
            _parked = false;
            _parking.TryTake(DialogueId, out _);
        }
    }

    private async Task OnTimerAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        _timerDue = null;
        _dialogue.OnTimer(_time.GetUtcNow(), _output);
        await ApplyAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dialogue {DialogueId}: answered session restored from its last milestone")]
    private partial void LogRestored(string dialogueId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dialogue {DialogueId}: dropped ({Reason})")]
    private partial void LogDropped(string dialogueId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dialogue {DialogueId}: {Name} refused: {Rejection} {Detail}")]
    private partial void LogSendRejected(string dialogueId, string name, SendRejection rejection, string? detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dialogue {DialogueId}: {Name} from {UserId}, who is not its peer, refused")]
    private partial void LogForeign(string dialogueId, string userId, string name);

    public Task<DialogueSnapshot> Inspect()
    {
        // Interleaved: this runs between (or at an await inside) other turns, so it only reads. The rule that lets
        // an activation go is ScheduleTimer's, so this deactivates nothing that would not go by itself; it matters
        // for an activation that this very call created (the grain had just ended).
        if (_peer is null && _instanceId is null && _dialogue.IsIdle && _dialogue.NextDeadline is null)
        {
            DeactivateOnIdle();
        }
        else if (!_served && _instanceId is null && _dialogue.IsIdle)
        {
            // This call alone brought the activation back, with a parked dialogue: park it again rather than keep an
            // activation with no timer to end it.
            ScheduleTimer();
        }

        var transactions = _dialogue.Transactions
            .Select(t => new TransactionSnapshot(t.Method.ToWireName(), t.CSeq, t.Role == TransactionRole.Server, t.State.ToString(), t.Deadline))
            .ToArray();
        return Task.FromResult(new DialogueSnapshot(
            DialogueId, _dialogue.SessionState?.ToDisplayName(), transactions, _instanceId, _peer, _dialogue.IsTerminated, _dialogue.NextDeadline));
    }
}
