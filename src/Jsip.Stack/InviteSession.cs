namespace GoRtc.Jsip.Stack;

/// <summary>
/// The session layer of one dialogue (spec §3): the state machine of §3.3 and the timer of §3.4, with the fixes of
/// protocol-decisions.md. It sees only INVITE-family messages that the transaction layer has accepted, decides
/// whether each one passes, and generates the stack's own messages through <see cref="ISessionActions"/>.
/// </summary>
internal sealed class InviteSession
{
    private readonly StackOptions _options;
    private readonly ISessionActions _actions;
    private readonly SessionTimer _timer;

    // dir(reINV): the direction of the latest INVITE, initial or re-INVITE; the ACK must travel the same way.
    private Direction _latestInviteDirection;

    // The latest re-INVITE, while its response or ACK is awaited.
    private JsipMessage? _reinvite;

    // The CSeq of the PRACK or early UPDATE whose response brings the session back to EARLY.
    private uint? _pendingEarlyCSeq;

    // UAC: the app (or the stack at prtimer) sent CANCEL for the initial INVITE.
    private bool _cancelled;

    // UAC: the app has been given a final response for the initial INVITE (real or synthesised).
    private bool _appHasFinal;

    // The peer has sent us an INVITE in this session, so a CANCEL from it refers to something that exists.
    private bool _peerHasInvited;

    private InviteSession(JsipMessage invite, Direction direction, DateTimeOffset now, StackOptions options, ISessionActions actions)
    {
        Invite = invite;
        InviteDirection = direction;
        _latestInviteDirection = direction;
        _peerHasInvited = direction == Direction.Inbound;
        _options = options;
        _actions = actions;
        _timer = SessionTimer.ForInvite(invite, options);

        // The guard: the INVITE must be answered within prtimer of the session's creation; 1xx do not extend it.
        _timer.Arm(now, options.ProvisionalTimeout);
    }

    /// <summary>The initial INVITE; the stack builds its own BYE, UPDATE, CANCEL and 487/408 from it.</summary>
    public JsipMessage Invite { get; }

    /// <summary>Inbound for a UAS session, outbound for a UAC session.</summary>
    public Direction InviteDirection { get; }

    public bool IsUas => InviteDirection == Direction.Inbound;

    public InviteSessionState State { get; private set; } = InviteSessionState.Init;

    public SessionTimer Timer => _timer;

    public DateTimeOffset? Deadline => State == InviteSessionState.End ? null : _timer.Deadline;

    public bool IsOver => State == InviteSessionState.End;

    /// <summary>The persistable state of an answered, quiet session; null in any other state.</summary>
    public EstablishedSession? Capture() =>
        State is InviteSessionState.Confirmed or InviteSessionState.Acked
            ? new EstablishedSession(Invite, IsUas, State == InviteSessionState.Acked, _latestInviteDirection == Direction.Inbound, _timer.Deadline, _timer.MissedRefreshes)
            : null;

    /// <summary>Recreates an answered session from its persisted state.</summary>
    public static InviteSession Restore(EstablishedSession saved, StackOptions options, ISessionActions actions)
    {
        var session = new InviteSession(saved.Invite, saved.IsUas ? Direction.Inbound : Direction.Outbound, DateTimeOffset.MinValue, options, actions)
        {
            State = saved.Acked ? InviteSessionState.Acked : InviteSessionState.Confirmed,
        };
        session._latestInviteDirection = saved.LatestInviteInbound ? Direction.Inbound : Direction.Outbound;
        session._peerHasInvited = saved.IsUas || saved.LatestInviteInbound;
        session._appHasFinal = true;
        session._timer.Restore(saved.TimerDeadline, saved.MissedRefreshes);
        return session;
    }

    /// <summary>
    /// Creates the session for an initial INVITE (either direction). The INVITE gets its <c>Expire</c> written in
    /// when it has none; the caller then passes it on.
    /// </summary>
    public static InviteSession Start(JsipMessage invite, Direction direction, DateTimeOffset now, StackOptions options, ISessionActions actions) =>
        new(invite, direction, now, options, actions);

    /// <summary>A request (ACK included) of the INVITE family in this session.</summary>
    public SessionVerdict OnRequest(JsipMessage request, Direction direction, DateTimeOffset now) => request.Method switch
    {
        // INFO travels in any state, unchanged (spec §3.3 global rule).
        JsipMethod.Info => SessionVerdict.Pass,
        JsipMethod.Invite => OnReinvite(request, direction),
        JsipMethod.Ack => OnAck(request, direction),
        JsipMethod.Bye => OnBye(request, direction, now),
        JsipMethod.Cancel => direction == Direction.Inbound ? OnInboundCancel(request, now) : OnOutboundCancel(request),
        JsipMethod.Prack => OnPrack(request, direction),
        JsipMethod.Update => OnUpdate(request, direction, now),
        _ => throw new ArgumentException($"{request.Name} is not of the INVITE family.", nameof(request)),
    };

    /// <summary>
    /// A response of the INVITE family that the transaction layer has matched. <paramref name="timedOut"/> marks
    /// the 408 a transaction synthesises when it expires: it acts on the session like any 408, except that an
    /// INVITE that timed out is not ACKed (the peer never answered) but CANCELled.
    /// </summary>
    public SessionVerdict OnResponse(JsipMessage response, Direction direction, DateTimeOffset now, bool timedOut = false) => response.Method switch
    {
        JsipMethod.Info => SessionVerdict.Pass,
        JsipMethod.Invite when response.CSeq == Invite.CSeq => OnInviteResponse(response, direction, now, timedOut),
        JsipMethod.Invite when State == InviteSessionState.Reinvite && response.CSeq == _reinvite?.CSeq =>
            OnReinviteResponse(response, direction, now, timedOut),
        JsipMethod.Invite => NotAllowed(response, direction),
        JsipMethod.Prack or JsipMethod.Update => OnEarlyResponse(response, direction),

        // Responses to BYE and CANCEL never get here in practice: the peer's are swallowed by the transaction
        // layer and the stack answers the peer's BYE and CANCEL itself.
        _ => SessionVerdict.Pass,
    };

    /// <summary>A response to a request the stack sent itself (refresh UPDATE); never shown to the app.</summary>
    public void OnStackRequestResponse(JsipMessage response)
    {
        if (response.Method == JsipMethod.Update && JsipStatus.IsSuccess(response.Code))
        {
            _timer.OnRefreshAccepted();
        }
    }

    /// <summary>The session timer is due (spec §3.4).</summary>
    public void OnTimer(DateTimeOffset now)
    {
        if (!_timer.IsDue(now))
        {
            return;
        }

        _timer.Disarm();
        switch (State)
        {
            case var s when s.IsBeforeAnswer():
                if (IsUas)
                {
                    UasGiveUp(now);
                }
                else
                {
                    UacGiveUp(now);
                }

                break;

            case InviteSessionState.Error or InviteSessionState.TimedOut:
                State = InviteSessionState.End;
                break;

            case var s when s.IsAnswered():
                if (_timer.OnAnsweredExpiry(now, IsUas) == SessionTimerAction.Quit)
                {
                    Quit(now);
                }
                else
                {
                    var update = Invite.CreateUpdate();
                    update.Expire = _timer.ExpireSeconds;
                    _actions.RequestToPeer(update, now);
                }

                break;
        }
    }

    private SessionVerdict OnReinvite(JsipMessage request, Direction direction)
    {
        if (State is not (InviteSessionState.Confirmed or InviteSessionState.Acked))
        {
            return NotAllowed(request, direction);
        }

        // A re-INVITE's Expire is ignored: the period is fixed by the initial INVITE.
        State = InviteSessionState.Reinvite;
        _reinvite = request;
        _latestInviteDirection = direction;
        _peerHasInvited |= direction == Direction.Inbound;
        return SessionVerdict.Pass;
    }

    private SessionVerdict OnAck(JsipMessage ack, Direction direction)
    {
        if (State is InviteSessionState.Confirmed or InviteSessionState.ReinviteAnswered && direction == _latestInviteDirection)
        {
            State = InviteSessionState.Acked;
            _reinvite = null;
            return SessionVerdict.Pass;
        }

        // The peer's ACK to the error final we sent: it only tells us the peer got it.
        if (State == InviteSessionState.Error && direction == InviteDirection)
        {
            State = InviteSessionState.End;
            return SessionVerdict.Swallow;
        }

        return NotAllowed(ack, direction);
    }

    private SessionVerdict OnBye(JsipMessage bye, Direction direction, DateTimeOffset now)
    {
        if (!State.IsAnswered())
        {
            var hint = State.IsBeforeAnswer()
                ? (IsUas ? "answer the INVITE with an error response" : "CANCEL the INVITE")
                : null;
            return NotAllowed(bye, direction, hint);
        }

        if (direction == Direction.Inbound)
        {
            _actions.RespondToPeer(bye, JsipStatusCodes.Ok, now);
        }

        State = InviteSessionState.End;
        return SessionVerdict.Pass;
    }

    /// <summary>
    /// The peer's CANCEL. Before the answer of an INVITE it sent, the stack answers 200 (CANCEL) and 487 (INVITE)
    /// and tells the app; otherwise there is nothing left to cancel and, as RFC 3261 §9.2 says, the CANCEL is only
    /// answered: 200 when the peer did send an INVITE (already answered or cancelled), 481 when it never did.
    /// </summary>
    private SessionVerdict OnInboundCancel(JsipMessage cancel, DateTimeOffset now)
    {
        if (IsUas && State.IsBeforeAnswer())
        {
            _actions.RespondToPeer(cancel, JsipStatusCodes.Ok, now);
            _actions.RespondToPeer(Invite, JsipStatusCodes.RequestTerminated, now);
            EnterError(now);
            return SessionVerdict.Pass;
        }

        _actions.RespondToPeer(cancel, _peerHasInvited ? JsipStatusCodes.Ok : JsipStatusCodes.CallDoesNotExist, now);
        return SessionVerdict.Swallow;
    }

    private SessionVerdict OnOutboundCancel(JsipMessage cancel)
    {
        if (!IsUas && State.IsBeforeAnswer() && !_cancelled)
        {
            _cancelled = true;
            return SessionVerdict.Pass;
        }

        var hint = IsUas ? "the INVITE came from the peer: answer it with an error response"
            : _cancelled ? "the INVITE is already cancelled"
            : "the INVITE already has its final response";
        return NotAllowed(cancel, Direction.Outbound, hint);
    }

    private SessionVerdict OnPrack(JsipMessage prack, Direction direction)
    {
        if (State == InviteSessionState.Early && direction == InviteDirection && !_cancelled)
        {
            State = InviteSessionState.Prack;
            _pendingEarlyCSeq = prack.CSeq;
            return SessionVerdict.Pass;
        }

        return NotAllowed(prack, direction);
    }

    private SessionVerdict OnUpdate(JsipMessage update, Direction direction, DateTimeOffset now)
    {
        if (State.IsAnswered())
        {
            if (direction == Direction.Outbound)
            {
                return NotAllowed(update, direction, "the stack refreshes the session itself");
            }

            // A session refresh: answered by the stack, never shown to the app.
            _actions.RespondToPeer(update, JsipStatusCodes.Ok, now);
            _timer.OnRefreshReceived(now, IsUas);
            return SessionVerdict.Swallow;
        }

        if (State == InviteSessionState.Early && !_cancelled)
        {
            State = InviteSessionState.Update;
            _pendingEarlyCSeq = update.CSeq;
            return SessionVerdict.Pass;
        }

        return NotAllowed(update, direction);
    }

    /// <summary>A response to the initial INVITE.</summary>
    private SessionVerdict OnInviteResponse(JsipMessage response, Direction direction, DateTimeOffset now, bool timedOut)
    {
        // 100 Trying is hop-by-hop noise: neither the app nor the peer ever sees it.
        if (response.Code == JsipStatusCodes.Trying)
        {
            return SessionVerdict.Swallow;
        }

        if (State == InviteSessionState.TimedOut)
        {
            return OnResponseAfterGivingUp(response, now, timedOut);
        }

        if (!State.IsBeforeAnswer())
        {
            return NotAllowed(response, direction);
        }

        if (JsipStatus.IsProvisional(response.Code))
        {
            // A UAC that cancelled is no longer interested in progress.
            if (_cancelled)
            {
                return SessionVerdict.Swallow;
            }

            // Another provisional while a PRACK/UPDATE is pending would overlap two offer/answer exchanges.
            if (State is InviteSessionState.Prack or InviteSessionState.Update)
            {
                return NotAllowed(response, direction);
            }

            State = InviteSessionState.Early;
            return SessionVerdict.Pass;
        }

        // Finals are processed the same in PRACK/UPDATE as in EARLY (fix: the reference lost them).
        if (JsipStatus.IsSuccess(response.Code))
        {
            if (_cancelled)
            {
                HangUpLateAnswer(response, now);
                return SessionVerdict.Swallow;
            }

            // Any 2xx is the answer (fix: the reference only took 200).
            State = InviteSessionState.Confirmed;
            _appHasFinal = true;
            _pendingEarlyCSeq = null;
            _timer.StartAnswered(now, IsUas);
            return SessionVerdict.Pass;
        }

        if (direction == Direction.Inbound)
        {
            // UAC: the peer refused (or cancelled): the stack ACKs, the app gets the error, the session ends.
            if (timedOut)
            {
                CancelUnlessCancelled(now);
            }
            else
            {
                _actions.AckToPeer(response.CreateAck());
            }

            _appHasFinal = true;
            State = InviteSessionState.End;
            return SessionVerdict.Pass;
        }

        // UAS: the app refused; wait for the peer's ACK.
        EnterError(now);
        return SessionVerdict.Pass;
    }

    /// <summary>UAC, TIMED_OUT: the app has its 408 and a CANCEL is out; the peer's final only needs closing.</summary>
    private SessionVerdict OnResponseAfterGivingUp(JsipMessage response, DateTimeOffset now, bool timedOut)
    {
        if (JsipStatus.IsSuccess(response.Code))
        {
            HangUpLateAnswer(response, now);
        }
        else if (JsipStatus.IsFinal(response.Code))
        {
            if (!timedOut)
            {
                _actions.AckToPeer(response.CreateAck());
            }

            State = InviteSessionState.End;
        }

        return SessionVerdict.Swallow;
    }

    /// <summary>
    /// A 2xx for an INVITE the UAC cancelled or gave up: ACK it and hang up at once, so that no call is left half
    /// open; an app that has not had a final yet gets the 487 it was waiting for.
    /// </summary>
    private void HangUpLateAnswer(JsipMessage response, DateTimeOffset now)
    {
        _actions.AckToPeer(response.CreateAck());
        _actions.RequestToPeer(Invite.CreateBye(), now);
        if (!_appHasFinal)
        {
            _actions.DeliverToApp(Invite.CreateResponse(JsipStatusCodes.RequestTerminated));
            _appHasFinal = true;
        }

        State = InviteSessionState.End;
    }

    private SessionVerdict OnReinviteResponse(JsipMessage response, Direction direction, DateTimeOffset now, bool timedOut)
    {
        if (JsipStatus.IsProvisional(response.Code))
        {
            return SessionVerdict.Swallow;
        }

        if (JsipStatus.IsSuccess(response.Code) || direction == Direction.Outbound)
        {
            // The ACK (the app's for a 2xx we received, the peer's for any final we sent) is still to come.
            State = InviteSessionState.ReinviteAnswered;
            return SessionVerdict.Pass;
        }

        // The peer refused our re-INVITE: the stack ACKs (or CANCELs one that timed out); the call goes on.
        if (timedOut)
        {
            _actions.RequestToPeer(_reinvite!.CreateCancel(), now);
        }
        else
        {
            _actions.AckToPeer(response.CreateAck());
        }

        State = InviteSessionState.Acked;
        _reinvite = null;
        return SessionVerdict.Pass;
    }

    /// <summary>A response to a PRACK or UPDATE sent by the app or the peer (not the stack's refresh).</summary>
    private SessionVerdict OnEarlyResponse(JsipMessage response, Direction direction)
    {
        if (JsipStatus.IsProvisional(response.Code))
        {
            return NotAllowed(response, direction, "provisional responses to PRACK and UPDATE are not forwarded");
        }

        // 2xx and, as a fix, 3xx-6xx end the PRACK/UPDATE exchange and pass.
        if (State is InviteSessionState.Prack or InviteSessionState.Update && response.CSeq == _pendingEarlyCSeq)
        {
            State = InviteSessionState.Early;
            _pendingEarlyCSeq = null;
        }

        return SessionVerdict.Pass;
    }

    /// <summary>UAS guard: the app did not answer within prtimer. It gets a CANCEL, the peer a 408.</summary>
    private void UasGiveUp(DateTimeOffset now)
    {
        _actions.DeliverToApp(Invite.CreateCancel());
        _actions.RespondToPeer(Invite, JsipStatusCodes.RequestTimeout, now);
        EnterError(now);
    }

    /// <summary>
    /// UAC guard: the peer did not answer within prtimer. The app gets a 408; the peer gets a CANCEL (fix: the
    /// reference sent none), and its final response is awaited for transtimer so that it can be closed properly.
    /// </summary>
    private void UacGiveUp(DateTimeOffset now)
    {
        _actions.DeliverToApp(Invite.CreateResponse(JsipStatusCodes.RequestTimeout));
        _appHasFinal = true;
        CancelUnlessCancelled(now);
        State = InviteSessionState.TimedOut;
        _timer.Arm(now, _options.TransactionTimeout);
    }

    /// <summary>The answered session expired: BYE to the app (synthesised) and to the peer.</summary>
    private void Quit(DateTimeOffset now)
    {
        _actions.DeliverToApp(Invite.CreateBye());
        _actions.RequestToPeer(Invite.CreateBye(), now);
        State = InviteSessionState.End;
    }

    private void CancelUnlessCancelled(DateTimeOffset now)
    {
        if (!_cancelled)
        {
            _cancelled = true;
            _actions.RequestToPeer(Invite.CreateCancel(), now);
        }
    }

    private void EnterError(DateTimeOffset now)
    {
        State = InviteSessionState.Error;
        _pendingEarlyCSeq = null;
        _timer.Arm(now, _options.TransactionTimeout);
    }

    /// <summary>
    /// The one place a message the state does not allow is refused. An inbound INVITE or UPDATE that would start a
    /// second offer/answer exchange gets 491 (retry later); any other inbound request 400; the reason names the
    /// method and the state.
    /// </summary>
    private SessionVerdict NotAllowed(JsipMessage message, Direction direction, string? hint = null)
    {
        var what = message.IsRequest ? message.Method.ToWireName() : message.Name;
        var reason = $"{what} not allowed in {State.ToDisplayName()}";
        if (hint is not null && direction == Direction.Outbound)
        {
            reason = $"{reason}: {hint}";
        }

        var pending = message.Method is JsipMethod.Invite or JsipMethod.Update && message.IsRequest && IsOfferAnswerPending;
        return SessionVerdict.Refuse(reason, pending ? JsipStatusCodes.RequestPending : JsipStatusCodes.BadRequest);
    }

    private bool IsOfferAnswerPending => State.IsBeforeAnswer()
        || State is InviteSessionState.Reinvite or InviteSessionState.ReinviteAnswered;
}
