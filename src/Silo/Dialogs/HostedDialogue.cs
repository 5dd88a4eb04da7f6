using GoRtc.Grains;
using GoRtc.Jsip;
using GoRtc.Jsip.Stack;
using GoRtc.Silo.Slps;
using Microsoft.Extensions.Logging;

namespace GoRtc.Silo.Dialogs;

/// <summary>
/// One dialogue in its shard: runs its <see cref="Dialogue"/> (transaction and session layers), binds it to the SLP
/// instance that serves it (§4.2 selection for a request that opens it), and carries what the stack emits to the peer
/// user or to the instance. Its shard runs its calls one at a time (<see cref="Gate"/>), so per-dialogue order is
/// turn order.
/// </summary>
internal sealed partial class HostedDialogue : ShardEntry
{
    private readonly ShardServices _services;
    private readonly ISlpInstances _instances;
    private readonly ILogger _logger;
    private readonly DialogueOutput _output;
    private Dialogue _dialogue;
    private MilestoneRecord? _saved;
    private string? _peer;

    // The socket the peer's last message came on: what goes to the peer is pushed straight there (see SendToPeerAsync).
    private ConnectionAddress? _peerConnection;

    // The path the last message to the peer took, and for a push, the gateway: a change of path waits until the old
    // one has delivered, so that the peer gets the dialogue's messages in the order they were sent.
    private PeerRoute _route;
    private Guid _routeGateway;

    // Where what the current SLP send put on its way to the peer may still be (see SendResult).
    private bool _pushedInTurn;
    private string? _queuedByUserInTurn;
    private string? _instanceId;

    /// <param name="output">
    /// The shard's one output buffer. Sharing it is safe because every use runs without an await from the stack step
    /// that fills it to <see cref="ApplyAsync"/>'s copy and clear, and the shard runs one piece of code at a time; it
    /// saves three objects per dialogue, which matters for the many that only remember answers.
    /// </param>
    public HostedDialogue(string dialogueId, ShardServices services, ISlpInstances instances, DialogueOutput output)
        : base(dialogueId)
    {
        _services = services;
        _instances = instances;
        _output = output;
        _logger = services.DialogueLogger;
        _dialogue = new Dialogue(dialogueId, services.StackOptions);
    }

    /// <summary>Whether its stored milestone has been looked for (once, before its first turn).</summary>
    public bool Loaded { get; private set; }

    public override DateTimeOffset? NextDeadline => _dialogue.NextDeadline;

    public override bool IsIdle => _dialogue.IsIdle && _instanceId is null;

    /// <summary>
    /// Continues an answered call that another activation (possibly on a lost silo) persisted, if there is one: a
    /// dialogue its shard does not know may be one.
    /// </summary>
    public async Task LoadAsync()
    {
        var saved = await _services.Milestones.ReadAsync(DialogueId);
        Loaded = true;
        if (!saved.RecordExists)
        {
            // Kept only when the storage left an ETag (a cleared record), which the next write must present.
            _saved = saved.ETag is null ? null : saved;
            return;
        }

        _saved = saved;
        var state = saved.State;
        if (state.Invite is { } inviteJson && JsipCodec.Parse(inviteJson).Message is { } invite)
        {
            _dialogue = Dialogue.Restore(DialogueId, _services.StackOptions, new EstablishedSession(
                invite, state.IsUas, state.Acked, state.LatestInviteInbound, state.TimerDeadline, state.MissedRefreshes));
            _peer = state.Peer;
            _instanceId = state.InstanceId;
            LogRestored(DialogueId);
        }
    }

    public async Task ReceiveAsync(JsipMessage message, string userId, ConnectionAddress connection)
    {
        if (_peer is null)
        {
            _peer = userId;
        }
        else if (!string.Equals(_peer, userId, StringComparison.Ordinal))
        {
            await RejectForeignAsync(message, userId);
            return;
        }

        _peerConnection = connection;
        _dialogue.Receive(message, _services.Time.GetUtcNow(), _output);
        await ApplyAsync();
    }

    public async Task<SendResult> SendAsync(JsipMessage message, string instanceId)
    {
        if (_instanceId is not null && !string.Equals(_instanceId, instanceId, StringComparison.Ordinal))
        {
            return new SendResult("NotOwner", $"Dialogue {DialogueId} belongs to another SLP instance");
        }

        var routed = false;
        if (_peer is null)
        {
            if (!TryRoute(message, out var peer, out var error))
            {
                _services.Metrics.SendRejected("Unroutable");
                return new SendResult("Invalid", error);
            }

            _peer = peer;
            routed = true;
        }

        _dialogue.Send(message, _services.Time.GetUtcNow(), _output);
        var ended = _output.Terminated;
        var result = ended ? SendResult.AcceptedAndEnded : SendResult.Accepted;
        if (_output.Rejection != SendRejection.None)
        {
            result = new SendResult(_output.Rejection.ToString(), _output.RejectionDetail);
            _services.Metrics.SendRejected(_output.Rejection.ToString());
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

        (_pushedInTurn, _queuedByUserInTurn) = (false, null);
        await ApplyAsync();
        if (result.IsAccepted && _queuedByUserInTurn is { } user)
        {
            return result with { QueuedByUser = user };
        }

        return !result.IsAccepted || !_pushedInTurn ? result : ended ? SendResult.AcceptedEndedAndPushed : SendResult.AcceptedAndPushed;
    }

    public async Task ReleaseAsync(string instanceId, bool failed)
    {
        if (!string.Equals(_instanceId, instanceId, StringComparison.Ordinal))
        {
            return; // not (or no longer) ours
        }

        _instanceId = null;
        if (failed)
        {
            // The SLP's code threw: end this dialogue cleanly on its behalf (500 to what it owed, BYE/CANCEL).
            _dialogue.Abort(500, "Service failed", _services.Time.GetUtcNow(), _output);
            await ApplyAsync();
        }
    }

    public async Task OnTimerAsync()
    {
        _dialogue.OnTimer(_services.Time.GetUtcNow(), _output);
        await ApplyAsync();
    }

    public DialogueSnapshot Snapshot()
    {
        var transactions = _dialogue.Transactions
            .Select(t => new TransactionSnapshot(t.Method.ToWireName(), t.CSeq, t.Role == TransactionRole.Server, t.State.ToString(), t.Deadline))
            .ToArray();
        return new DialogueSnapshot(
            DialogueId, _dialogue.SessionState?.ToDisplayName(), transactions, _instanceId, _peer, _dialogue.IsTerminated, _dialogue.NextDeadline);
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
            _services.Metrics.Dropped(dropped);
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
                _instances.DialogueTerminated(instanceId, DialogueId);
            }

            // The reference forgets the mapping at TERM: a later request on this id opens a new dialogue.
            _instanceId = null;
            _peer = null;
            _peerConnection = null;
            _route = PeerRoute.None;
        }

        await SaveMilestoneAsync();
    }

    /// <summary>
    /// Persists the dialogue when it reaches a milestone (answer acknowledged, refreshed) and forgets it when it
    /// ends, so that an answered call can be continued by another activation.
    /// </summary>
    /// <remarks>
    /// A write that fails costs the call only its continuation elsewhere should this silo be lost, not the message
    /// that the stack has already taken: it is logged, not thrown. (Thrown out of a grain call, a storage conflict
    /// would also make Orleans deactivate the whole shard.) After a conflict the record is read again, so that the
    /// next milestone carries the current ETag.
    /// </remarks>
    private async Task SaveMilestoneAsync()
    {
        try
        {
            await WriteMilestoneAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogMilestoneFailed(ex, DialogueId);
            if (ex is Orleans.Storage.InconsistentStateException)
            {
                _saved = null;
                try
                {
                    _saved = await _services.Milestones.ReadAsync(DialogueId);
                }
                catch (Exception readFailure) when (readFailure is not OperationCanceledException)
                {
                    LogMilestoneFailed(readFailure, DialogueId);
                }
            }
        }
    }

    private async Task WriteMilestoneAsync()
    {
        // The milestone is the ACKed answer: persisting the moment between 200 and ACK too would cost a write per
        // call for a window of milliseconds.
        var session = _dialogue.CaptureEstablishedSession();
        if (session is not { Acked: true })
        {
            if (_saved is { RecordExists: true } && !_dialogue.HasSession)
            {
                await _services.Milestones.ClearAsync(DialogueId, _saved);
            }

            return;
        }

        var saved = _saved ??= new MilestoneRecord();
        var state = saved.State;
        if (saved.RecordExists && state.Acked == session.Acked && state.TimerDeadline == session.TimerDeadline
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
        await _services.Milestones.WriteAsync(DialogueId, saved);
    }

    private async Task SendToPeerAsync(JsipMessage message)
    {
        if (_peer is null)
        {
            _services.Metrics.Dropped("NoPeer");
            return;
        }

        // When the message becomes worthless: its transaction has ended. Past it, it is not delivered from an outbox.
        var options = _services.Options;
        var now = _services.Time.GetUtcNow();
        var validUntil = now + (message.IsRequest && message.Method == JsipMethod.Invite ? 2 * options.ProvisionalTimeout : options.TransactionTimeout);
        var push = _services.Push;
        if (_peerConnection is { } connection && push.CanPush(connection.GatewayId))
        {
            // The hot path of every transaction: no turn of the peer's user grain. Should that socket be gone, the
            // gateway hands the message to the user grain, which queues it for the user's next socket, as for any push.
            if (_route == PeerRoute.UserGrain)
            {
                await _services.Grains.User(_peer).FlushPushes();
            }
            else if (_route == PeerRoute.Push && _routeGateway != connection.GatewayId)
            {
                await push.FlushAsync(_routeGateway);
            }

            (_route, _routeGateway) = (PeerRoute.Push, connection.GatewayId);
            if (push.TryPush(connection, _peer, message, validUntil))
            {
                _pushedInTurn = true;
                return;
            }
        }

        if (_route == PeerRoute.Push)
        {
            await push.FlushAsync(_routeGateway);
        }

        _route = PeerRoute.UserGrain;
        var peer = _peer;
        var outcome = await _services.Grains.User(peer).Deliver(message, validUntil);
        if (outcome == DeliveryOutcome.Sent)
        {
            _queuedByUserInTurn = peer;
        }

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
            if (await _instances.DeliverAsync(instanceId, message))
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
            _services.Metrics.Dropped("NoService");
            LogDropped(DialogueId, $"{message.Name}: no SLP instance serves this dialogue");
        }
    }

    private async Task StartInstanceAsync(JsipMessage request)
    {
        var catalog = _services.Catalog;
        var selection = SlpSelection.Select(request, name => catalog.TryGetSlp(name, out _));
        if (selection.IsError)
        {
            await AnswerAsync(request, selection.ErrorCode, selection.Reason!);
            return;
        }

        if (selection.RelId is { } relId)
        {
            if (!SlpInstanceId.TryGetInstanceOfRelId(relId, out var owner)
                || !await _instances.OwnsRelIdAsync(owner, relId)
                || !await _instances.DeliverAsync(owner, request))
            {
                await AnswerAsync(request, 404, $"Unknown relid {relId}");
                return;
            }

            _instanceId = owner;
            return;
        }

        if (!catalog.TryGetSlp(selection.SlpName!, out var version))
        {
            await AnswerAsync(request, 404, $"SLP {selection.SlpName} not loaded");
            return;
        }

        _instanceId = _instances.Start(version, request);
        if (_instanceId is null)
        {
            await AnswerAsync(request, 404, $"SLP {selection.SlpName} not loaded");
        }
    }

    /// <summary>Answers a request through the stack (so retransmissions get the same answer); ignored if already answered.</summary>
    private async Task AnswerAsync(JsipMessage request, int code, string reason)
    {
        _dialogue.Send(request.CreateResponse(code, reason), _services.Time.GetUtcNow(), _output);
        await ApplyAsync();
    }

    private async Task RejectForeignAsync(JsipMessage message, string userId)
    {
        // A DialogueID belongs to one peer; another user cannot join or end it.
        _services.Metrics.Dropped("ForeignUser");
        LogForeign(DialogueId, userId, message.Name);
        if (message.IsRequest && message.Method != JsipMethod.Ack)
        {
            var answer = message.CreateResponse(481, "Dialogue belongs to another user");
            await _services.Grains.User(userId).Deliver(answer, _services.Time.GetUtcNow() + _services.Options.TransactionTimeout);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dialogue {DialogueId}: its milestone could not be stored; the call goes on, but could not be continued elsewhere")]
    private partial void LogMilestoneFailed(Exception exception, string dialogueId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dialogue {DialogueId}: answered session restored from its last milestone")]
    private partial void LogRestored(string dialogueId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dialogue {DialogueId}: dropped ({Reason})")]
    private partial void LogDropped(string dialogueId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dialogue {DialogueId}: {Name} refused: {Rejection} {Detail}")]
    private partial void LogSendRejected(string dialogueId, string name, SendRejection rejection, string? detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dialogue {DialogueId}: {Name} from {UserId}, who is not its peer, refused")]
    private partial void LogForeign(string dialogueId, string userId, string name);
}
