namespace GoRtc.Jsip.Stack;

/// <summary>
/// The transaction and session layers of one DialogueID: its client and server transactions and its INVITE
/// session. Pure and single-threaded: the host serialises calls, passes the current time in, performs the
/// effects written to the <see cref="DialogueOutput"/>, and calls <see cref="OnTimer"/> at <see cref="NextDeadline"/>.
/// </summary>
/// <remarks>
/// <para>
/// Paths (spec §2.1): inbound, the transaction layer matches or creates first, then INVITE-family messages pass
/// the session layer, others go straight to the app; outbound, the session layer decides first, then the
/// transaction layer. The stack's own messages (auto 200, 481, 487, 408, ACK, BYE, UPDATE, CANCEL) go through the
/// transaction layer only.
/// </para>
/// <para>
/// Timers fire only in <see cref="OnTimer"/>. A message handled after a deadline but before the host's timer call
/// is handled as if it had come in time; either way each event happens exactly once.
/// </para>
/// <para>
/// The dialogue takes ownership of the messages passed in: it may fill in fields (CSeq, Expire, the Method, From and
/// To of a response) and hands the same objects on in <see cref="DialogueOutput"/>.
/// </para>
/// </remarks>
public sealed class Dialogue
{
    private readonly TransactionTable _transactions;
    private SessionActions? _sessionActions; // made with the first session: most dialogues never have one
    private InviteSession? _session;

    // The output of the step in progress (calls are serialised, so one field suffices).
    private DialogueOutput? _output;
    private int _appMessagesBeforeStep;

    // Something happened that the app must eventually see the end of (TERM).
    private bool _active;
    private bool _terminated;

    public Dialogue(string dialogueId, StackOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(dialogueId);
        ArgumentNullException.ThrowIfNull(options);
        DialogueId = dialogueId;
        Options = options;
        _transactions = new TransactionTable(options);
    }

    public string DialogueId { get; }

    public StackOptions Options { get; }

    /// <summary>
    /// The earliest time at which <see cref="OnTimer"/> has work to do (a transaction or session timer, or the end
    /// of a retransmission memory); null when nothing is armed, after which the host may drop this object.
    /// </summary>
    public DateTimeOffset? NextDeadline => Deadlines.Min(_transactions.NextDeadline, _session?.Deadline);

    /// <summary>
    /// True when the dialogue has ended: it had something live, and no transaction and no session remain (the
    /// retransmission memory may still hold entries). A brand-new dialogue is not terminated.
    /// </summary>
    public bool IsTerminated => _terminated && IsIdle;

    /// <summary>True when no transaction and no session are live (a brand-new dialogue is idle).</summary>
    public bool IsIdle => _session is null && _transactions.LiveCount == 0;

    /// <summary>True while an INVITE session exists.</summary>
    public bool HasSession => _session is not null;

    /// <summary>The INVITE session's state, or null without a session (diagnostics).</summary>
    public InviteSessionState? SessionState => _session?.State;

    /// <summary>
    /// The state to persist at a milestone: an answered session with no transaction in flight. Null otherwise
    /// (nothing to continue, or a moment in between milestones).
    /// </summary>
    public EstablishedSession? CaptureEstablishedSession() =>
        _transactions.LiveCount == 0 ? _session?.Capture() : null;

    /// <summary>A dialogue that continues a persisted answered session (another activation, another silo).</summary>
    public static Dialogue Restore(string dialogueId, StackOptions options, EstablishedSession saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        var dialogue = new Dialogue(dialogueId, options);
        dialogue._session = InviteSession.Restore(saved, options, dialogue.Actions);
        dialogue._active = true;
        return dialogue;
    }

    /// <summary>Live transactions, both directions (diagnostics).</summary>
    public int TransactionCount => _transactions.LiveCount;

    /// <summary>Live transactions, both directions, in creation order (diagnostics; a copy, safe to keep).</summary>
    public IReadOnlyList<TransactionSummary> Transactions => [.. _transactions.Live.Select(t => t.Summarize())];

    /// <summary>A message received from the peer (already syntax-checked, DialogueID = <see cref="DialogueId"/>).</summary>
    public void Receive(JsipMessage message, DateTimeOffset now, DialogueOutput output)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.DialogueId != DialogueId)
        {
            throw new ArgumentException($"{message} does not belong to dialogue {DialogueId}.", nameof(message));
        }

        Begin(output);
        if (message.IsRequest)
        {
            ReceiveRequest(message, now);
        }
        else
        {
            ReceiveResponse(message, now);
        }

        End(now);
    }

    /// <summary>A message the application asks to send to the peer; refused ones set <see cref="DialogueOutput.Rejection"/>.</summary>
    public void Send(JsipMessage message, DateTimeOffset now, DialogueOutput output)
    {
        ArgumentNullException.ThrowIfNull(message);
        Begin(output);
        if (Validate(message) is { } invalid)
        {
            Reject(SendRejection.Invalid, invalid);
        }
        else if (message.IsRequest)
        {
            SendRequest(message, now);
        }
        else
        {
            SendResponse(message, now);
        }

        End(now);
    }

    /// <summary>
    /// Ends the dialogue on behalf of an application that has failed (protocol decision 6): every request still
    /// waiting for the app's final answer gets <paramref name="code"/> with <paramref name="reason"/>, an answered
    /// session gets a BYE, and an INVITE of ours still waiting for its answer is cancelled. Each step goes through
    /// the normal layers, so the session ends exactly as if the app had sent these messages.
    /// </summary>
    public void Abort(int code, string reason, DateTimeOffset now, DialogueOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var server in _transactions.Live.OfType<ServerTransaction>().Where(t => t.Final is null))
        {
            Send(server.Request.CreateResponse(code, reason), now, output);
        }

        if (_session is { IsOver: false } session)
        {
            if (session.State.IsAnswered())
            {
                Send(session.Invite.CreateBye(), now, output);
            }
            else if (!session.IsUas && session.State.IsBeforeAnswer())
            {
                Send(session.Invite.CreateCancel(), now, output);
            }
        }

        // Refusals here only mean there was nothing left to end that way.
        output.Rejection = SendRejection.None;
        output.RejectionDetail = null;
    }

    /// <summary>Fires every timer due at <paramref name="now"/>.</summary>
    public void OnTimer(DateTimeOffset now, DialogueOutput output)
    {
        Begin(output);
        _transactions.ForgetExpired(now);
        foreach (var transaction in _transactions.DueAt(now))
        {
            // An earlier timeout in this loop may have ended the session and released this transaction.
            if (!_transactions.IsLive(transaction))
            {
                continue;
            }

            if (transaction is ServerTransaction server)
            {
                TimeOutServer(server, now);
            }
            else
            {
                TimeOutClient((ClientTransaction)transaction, now);
            }
        }

        _session?.OnTimer(now);
        End(now);
    }

    private SessionActions Actions => _sessionActions ??= new SessionActions(this);

    private DialogueOutput Output => _output ?? throw new InvalidOperationException("No step in progress.");

    private void ReceiveRequest(JsipMessage request, DateTimeOffset now)
    {
        // ACK never has a transaction (any CSeq, even the INVITE's): it goes straight to the session layer.
        if (request.Method == JsipMethod.Ack)
        {
            ReceiveAck(request, now);
            return;
        }

        if (!TryCreateServerTransaction(request, now, out var transaction))
        {
            return;
        }

        if (!request.Method.IsInviteFamily())
        {
            Output.ToApp.Add(request);
            return;
        }

        if (_session is null)
        {
            ReceiveRequestWithoutSession(request, transaction, now);
            return;
        }

        var verdict = _session.OnRequest(request, Direction.Inbound, now);
        switch (verdict.Outcome)
        {
            case SessionOutcome.Pass:
                Output.ToApp.Add(request);
                break;
            case SessionOutcome.Refuse:
                // Fix: answered, never silently dropped (the peer would only get a 408 seconds later).
                transaction.RefusedByStack = true;
                Respond(transaction, request.CreateResponse(verdict.Code, verdict.Reason!), now);
                break;
        }

        EndSessionIfOver(now);
    }

    /// <summary>
    /// The transaction layer's side of an inbound request: a retransmission is absorbed (and gets the last
    /// response again); a CSeq that belongs to another transaction is dropped (any answer would be ambiguous);
    /// otherwise a server transaction is created.
    /// </summary>
    private bool TryCreateServerTransaction(JsipMessage request, DateTimeOffset now, out ServerTransaction transaction)
    {
        transaction = null!;
        var live = _transactions.FindLive(request.CSeq);
        if (live is null)
        {
            // Only the same request again is a retransmission. A different request reusing the CSeq of a transaction
            // that has already ended is a new request (JSIP clients number CSeqs freely; the reference's own scripts
            // reuse DialogueID and CSeq across calls).
            if (_transactions.FindRecentlyAnswered(request.CSeq, now) is { } answered && answered.Fingerprint.IsRepeatedBy(request))
            {
                AbsorbRetransmission(request, answered.Answer);
                return false;
            }

            transaction = _transactions.AddServer(request, now);
            return true;
        }

        if (live is ServerTransaction server && RequestFingerprint.Of(server.Request).IsRepeatedBy(request))
        {
            AbsorbRetransmission(request, server.LastResponse);
            return false;
        }

        var kind = live is ServerTransaction ? "received" : "sent";
        Output.Dropped = $"{request.Method.ToWireName()} CSeq {request.CSeq} collides with the {kind} {live.Method.ToWireName()} of that CSeq";
        return false;
    }

    /// <summary>A retransmitted request gets the last response again, if it has had one, and goes no further.</summary>
    private void AbsorbRetransmission(JsipMessage request, JsipMessage? lastResponse)
    {
        if (lastResponse is not null)
        {
            Output.ToPeer.Add(lastResponse);
        }

        Output.Dropped = $"retransmission of {request.Method.ToWireName()} CSeq {request.CSeq} absorbed";
    }

    private void ReceiveAck(JsipMessage ack, DateTimeOffset now)
    {
        // The peer's ACK for a 491/400 the stack itself gave an INVITE belongs to that INVITE's transaction; the
        // session never saw the INVITE, so it is absorbed here rather than counted as a stray ACK.
        if (ack.RelatedId is { } related
            && _transactions.FindRecentlyAnswered(related, now) is { Method: JsipMethod.Invite, RefusedByStack: true })
        {
            return;
        }

        if (_session is null)
        {
            // As SIP requires, an ACK is never answered.
            Output.Dropped = "ACK without a session";
            return;
        }

        var verdict = _session.OnRequest(ack, Direction.Inbound, now);
        if (verdict.Outcome == SessionOutcome.Pass)
        {
            Output.ToApp.Add(ack);
        }
        else if (verdict.Outcome == SessionOutcome.Refuse)
        {
            Output.Dropped = verdict.Reason;
        }

        EndSessionIfOver(now);
    }

    /// <summary>Spec §3.1: an INVITE starts a session; BYE, CANCEL, INFO, UPDATE and PRACK get 481.</summary>
    private void ReceiveRequestWithoutSession(JsipMessage request, ServerTransaction transaction, DateTimeOffset now)
    {
        if (request.Method == JsipMethod.Invite)
        {
            _session = InviteSession.Start(request, Direction.Inbound, now, Options, Actions);
            Output.ToApp.Add(request);
        }
        else
        {
            Respond(transaction, request.CreateResponse(JsipStatusCodes.CallDoesNotExist), now);
        }
    }

    private void ReceiveResponse(JsipMessage response, DateTimeOffset now)
    {
        var live = _transactions.FindLive(response.CSeq);
        if (live is not ClientTransaction transaction)
        {
            Output.Dropped = live is null
                ? $"response {response.Code} CSeq {response.CSeq} matches no transaction"
                : $"response {response.Code} CSeq {response.CSeq} matches a request received from the peer";
            return;
        }

        // Inbound responses carry Type RESPONSE only; their method is the request's.
        response.Method = transaction.Method;
        if (transaction.CheckResponse(response, Direction.Inbound) is { } problem)
        {
            Output.Dropped = problem;
            return;
        }

        transaction.OnResponse(response, now);
        if (transaction.HasFinal)
        {
            _transactions.Complete(transaction, now);
        }

        // The answer to a BYE or CANCEL concerns nobody: the session moved on when it was sent.
        if (transaction.Method is JsipMethod.Bye or JsipMethod.Cancel)
        {
            return;
        }

        if (transaction.StackOwned)
        {
            _session?.OnStackRequestResponse(response);
            return;
        }

        if (!transaction.Method.IsInviteFamily() || _session is null)
        {
            Output.ToApp.Add(response);
            return;
        }

        var verdict = _session.OnResponse(response, Direction.Inbound, now);
        if (verdict.Outcome == SessionOutcome.Pass)
        {
            Output.ToApp.Add(response);
        }
        else if (verdict.Outcome == SessionOutcome.Refuse)
        {
            Output.Dropped = verdict.Reason;
        }

        EndSessionIfOver(now);
    }

    private void SendRequest(JsipMessage request, DateTimeOffset now)
    {
        if (request.CSeq == 0)
        {
            request.CSeq = _transactions.NewCSeq();
        }

        var isAck = request.Method == JsipMethod.Ack;
        if (!isAck && _transactions.FindLive(request.CSeq) is { } existing)
        {
            Reject(SendRejection.CSeqInUse, $"CSeq {request.CSeq} is used by the live {existing.Method.ToWireName()} transaction");
            return;
        }

        if (request.Method.IsInviteFamily())
        {
            if (_session is null)
            {
                if (!SendRequestWithoutSession(request, now))
                {
                    return;
                }
            }
            else
            {
                var verdict = _session.OnRequest(request, Direction.Outbound, now);
                if (verdict.Outcome == SessionOutcome.Refuse)
                {
                    Reject(SendRejection.NotAllowedInState, verdict.Reason);
                    return;
                }

                if (verdict.Outcome == SessionOutcome.Swallow)
                {
                    return;
                }
            }
        }

        if (!isAck)
        {
            _transactions.AddClient(request, now, stackOwned: false);
        }

        Output.ToPeer.Add(request);
        EndSessionIfOver(now);
    }

    /// <summary>
    /// Spec §3.1, outbound: an INVITE starts a session; INFO, UPDATE and PRACK get a 481 from the stack (nothing
    /// on the wire); BYE, CANCEL and ACK are refused. Returns true when the request goes on.
    /// </summary>
    private bool SendRequestWithoutSession(JsipMessage request, DateTimeOffset now)
    {
        switch (request.Method)
        {
            case JsipMethod.Invite:
                _session = InviteSession.Start(request, Direction.Outbound, now, Options, Actions);
                return true;
            case JsipMethod.Info or JsipMethod.Update or JsipMethod.Prack:
                Output.ToApp.Add(request.CreateResponse(JsipStatusCodes.CallDoesNotExist));
                return false;
            default:
                Reject(SendRejection.NoSession, $"{request.Method.ToWireName()} without an INVITE session");
                return false;
        }
    }

    private void SendResponse(JsipMessage response, DateTimeOffset now)
    {
        var live = _transactions.FindLive(response.CSeq);
        if (live is null)
        {
            if (_transactions.FindRecentlyAnswered(response.CSeq, now) is { } done)
            {
                Reject(SendRejection.UnexpectedResponse,
                    $"the {done.Method.ToWireName()} with CSeq {response.CSeq} is already answered with {done.Answer.Code}");
            }
            else
            {
                Reject(SendRejection.NoTransaction, $"no request with CSeq {response.CSeq} awaits a response");
            }

            return;
        }

        if (live is not ServerTransaction transaction)
        {
            Reject(SendRejection.UnexpectedResponse,
                $"CSeq {response.CSeq} is a {live.Method.ToWireName()} sent to the peer, which the peer answers");
            return;
        }

        // The reference fills what an SLP left empty from the request.
        if (response.Method == JsipMethod.None)
        {
            response.Method = transaction.Method;
        }

        if (response.From.Length == 0)
        {
            response.From = transaction.Request.From;
        }

        if (response.To.Length == 0)
        {
            response.To = transaction.Request.To;
        }

        if (transaction.CheckResponse(response, Direction.Outbound) is { } problem)
        {
            Reject(SendRejection.UnexpectedResponse, problem);
            return;
        }

        if (transaction.Method.IsInviteFamily() && _session is not null)
        {
            var verdict = _session.OnResponse(response, Direction.Outbound, now);
            if (verdict.Outcome == SessionOutcome.Refuse)
            {
                Reject(SendRejection.NotAllowedInState, verdict.Reason);
                return;
            }

            if (verdict.Outcome == SessionOutcome.Swallow)
            {
                return;
            }
        }

        Respond(transaction, response, now);
        EndSessionIfOver(now);
    }

    /// <summary>An inbound request nobody answered in time: the peer gets 408 (spec §2.4).</summary>
    private void TimeOutServer(ServerTransaction transaction, DateTimeOffset now)
    {
        var timeout = transaction.Request.CreateResponse(JsipStatusCodes.RequestTimeout);
        Respond(transaction, timeout, now);

        // The 408 acts on the session like one the app sent, so no state waits forever for an answer.
        if (transaction.Method.IsInviteFamily() && _session is not null)
        {
            _session.OnResponse(timeout, Direction.Outbound, now, timedOut: true);
            EndSessionIfOver(now);
        }
    }

    /// <summary>
    /// An outbound request the peer did not answer in time (spec §2.4): the app gets a 408, except for BYE and
    /// CANCEL (nothing left to tell) and the stack's own requests.
    /// </summary>
    private void TimeOutClient(ClientTransaction transaction, DateTimeOffset now)
    {
        _transactions.Remove(transaction);
        if (transaction.Method is JsipMethod.Bye or JsipMethod.Cancel || transaction.StackOwned)
        {
            return;
        }

        var timeout = transaction.Request.CreateResponse(JsipStatusCodes.RequestTimeout);
        if (transaction.Method.IsInviteFamily() && _session is not null)
        {
            if (_session.OnResponse(timeout, Direction.Inbound, now, timedOut: true).Outcome == SessionOutcome.Pass)
            {
                Output.ToApp.Add(timeout);
            }

            EndSessionIfOver(now);
        }
        else
        {
            Output.ToApp.Add(timeout);
        }
    }

    /// <summary>Sends a response on its server transaction, which remembers it and ends on a final.</summary>
    private void Respond(ServerTransaction transaction, JsipMessage response, DateTimeOffset now)
    {
        transaction.OnResponse(response, now);
        if (transaction.HasFinal)
        {
            _transactions.Complete(transaction, now);
        }

        Output.ToPeer.Add(response);
    }

    /// <summary>
    /// Removes a session that reached END and closes the INVITE transactions it owned: a re-INVITE still pending
    /// from the peer is answered 487 (RFC 3261 §15.1.2), our own pending INVITE and refresh UPDATE transactions are
    /// abandoned. BYE and CANCEL transactions stay, so that their answers are recognised and swallowed.
    /// </summary>
    private void EndSessionIfOver(DateTimeOffset now)
    {
        if (_session is not { IsOver: true })
        {
            return;
        }

        _session = null;
        foreach (var transaction in _transactions.Live)
        {
            switch (transaction)
            {
                case ServerTransaction { Method: JsipMethod.Invite } server:
                    Respond(server, server.Request.CreateResponse(JsipStatusCodes.RequestTerminated), now);
                    break;
                case ClientTransaction { Method: JsipMethod.Invite }:
                case ClientTransaction { Method: JsipMethod.Update, StackOwned: true }:
                    _transactions.Remove(transaction);
                    break;
            }
        }
    }

    private string? Validate(JsipMessage message)
    {
        if (message.DialogueId.Length == 0)
        {
            return "no DialogueID";
        }

        if (message.DialogueId != DialogueId)
        {
            return $"DialogueID {message.DialogueId} is not this dialogue's ({DialogueId})";
        }

        if (message.IsResponse)
        {
            return JsipStatus.IsValidResponseCode(message.Code) ? null : $"response code {message.Code} is outside 100..699";
        }

        if (message.Method == JsipMethod.None)
        {
            return "a request needs a Type";
        }

        if (message.RequestUri.Length == 0)
        {
            return "no Request-URI";
        }

        if (message.From.Length == 0)
        {
            return "no From";
        }

        return message.To.Length == 0 ? "no To" : null;
    }

    private void Reject(SendRejection rejection, string? detail)
    {
        Output.Rejection = rejection;
        Output.RejectionDetail = detail;
    }

    private void Begin(DialogueOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _appMessagesBeforeStep = output.ToApp.Count;
    }

    /// <summary>
    /// Reports the end of the dialogue once: in the step where nothing is live any more after something was (or
    /// after the app was told something), so that the app's TERM is its last message for this dialogue.
    /// </summary>
    private void End(DateTimeOffset now)
    {
        EndSessionIfOver(now);
        var output = Output;
        if (!IsIdle || output.ToApp.Count > _appMessagesBeforeStep)
        {
            _active = true;
            _terminated = false;
        }

        if (IsIdle && _active)
        {
            output.Terminated = true;
            _active = false;
            _terminated = true;
        }

        _output = null;
    }

    /// <summary>
    /// What the session layer may do to its dialogue (kept off the dialogue's public surface): the stack's own
    /// messages go through the transaction layer only, never back through the session.
    /// </summary>
    private sealed class SessionActions(Dialogue dialogue) : ISessionActions
    {
        public void RespondToPeer(JsipMessage request, int code, DateTimeOffset now)
        {
            // The request may already be answered (e.g. the app's final crossed the stack's timer): nothing to do then.
            if (dialogue._transactions.FindLive(request.CSeq) is ServerTransaction server && server.Method == request.Method)
            {
                dialogue.Respond(server, request.CreateResponse(code), now);
            }
        }

        public void RequestToPeer(JsipMessage request, DateTimeOffset now)
        {
            if (dialogue._transactions.FindLive(request.CSeq) is not null)
            {
                request.CSeq = dialogue._transactions.NewCSeq();
            }

            dialogue._transactions.AddClient(request, now, stackOwned: true);
            dialogue.Output.ToPeer.Add(request);
        }

        public void AckToPeer(JsipMessage ack) => dialogue.Output.ToPeer.Add(ack);

        public void DeliverToApp(JsipMessage message) => dialogue.Output.ToApp.Add(message);
    }
}
