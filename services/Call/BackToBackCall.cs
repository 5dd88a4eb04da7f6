using GoRtc.Jsip;
using GoRtc.SlpSdk;

namespace GoRtc.Services.Call;

/// <summary>
/// The logic of one call: a back-to-back user agent between the caller's dialogue (the INVITE that started the
/// instance) and a new dialogue to the callee. Every request and response of one leg is re-issued on the other,
/// bodies and extra headers untouched. What the stack does by itself on a leg — answering CANCEL (200 + 487) and BYE
/// (200), session-refresh UPDATEs, ACKing error finals — is never done a second time here: the relay only carries
/// across what the other side must hear. Either side hanging up ends the other leg; the call is over when both
/// dialogues are gone.
/// </summary>
internal sealed class BackToBackCall
{
    private readonly ISlpContext _context;

    // A request relayed onto a leg, by (that leg, the CSeq we gave it) → the request it answers on the other leg.
    private readonly Dictionary<(string DialogueId, uint CSeq), JsipMessage> _relayed = [];
    private CallLeg? _caller;
    private CallLeg? _callee;

    public BackToBackCall(ISlpContext context) => _context = context;

    public async ValueTask OnMessageAsync(JsipMessage message, CancellationToken cancellationToken)
    {
        if (_caller is null)
        {
            await PlaceAsync(message, cancellationToken);
            return;
        }

        var leg = LegOf(message.DialogueId);
        if (leg is null)
        {
            // Not a dialogue of this call (nothing joins a call): say so rather than leave it to time out.
            if (message.IsRequest && message.Method != JsipMethod.Ack)
            {
                await TrySendAsync(message.CreateResponse(481, "Not a dialogue of this call"), cancellationToken);
            }

            return;
        }

        if (message.IsResponse)
        {
            await OnResponseAsync(leg, message, cancellationToken);
            return;
        }

        switch (message.Method)
        {
            case JsipMethod.Ack:
                await OnAckAsync(leg, message, cancellationToken);
                break;
            case JsipMethod.Cancel:
                await OnCancelAsync(leg, cancellationToken);
                break;
            case JsipMethod.Bye:
                await OnByeAsync(leg, message, cancellationToken);
                break;
            default:
                await RelayRequestAsync(leg, message, cancellationToken);
                break;
        }
    }

    public async ValueTask OnDialogueTerminatedAsync(string dialogueId, CancellationToken cancellationToken)
    {
        if (LegOf(dialogueId) is not { } leg)
        {
            return;
        }

        leg.IsTerminated = true;
        if (Other(leg) is { IsTerminated: false } other)
        {
            // Whatever ended this leg (timers included), the other one must not outlive it.
            await HangUpAsync(other, null, "The other call leg ended", cancellationToken);
        }

        if (_caller!.IsTerminated && _callee is null or { IsTerminated: true })
        {
            _context.Finish();
        }
    }

    /// <summary>The first request: an INVITE to a user id who is connected now becomes the callee's leg.</summary>
    private async Task PlaceAsync(JsipMessage request, CancellationToken cancellationToken)
    {
        _caller = new CallLeg(request.DialogueId, request, isCaller: true);
        if (request.Method != JsipMethod.Invite)
        {
            await RefuseAsync(405, $"The call service takes INVITE only, not {request.Method.ToWireName()}", cancellationToken);
            return;
        }

        if (!JsipUri.TryParse(request.RequestUri, out var uri, out _) || string.IsNullOrEmpty(uri.User))
        {
            await RefuseAsync(400, $"Request-URI '{request.RequestUri}' is not a user id (user@host)", cancellationToken);
            return;
        }

        var callee = uri.UserHost;
        if (!await _context.IsUserConnectedAsync(callee, cancellationToken))
        {
            // Answer now: queued in the callee's outbox, the INVITE would only ring into the void until prtimer.
            await RefuseAsync(480, $"{callee} is not connected", cancellationToken);
            return;
        }

        var invite = request.CloneForDialogue(_context.NewDialogueId());
        invite.Router = []; // the Router chose this service; the callee's leg is routed by its Request-URI
        _callee = new CallLeg(invite.DialogueId, invite, isCaller: false);
        _relayed[(invite.DialogueId, invite.CSeq)] = request;
        _context.Logger.LogCallPlaced(request.From, callee, request.DialogueId, invite.DialogueId);
        try
        {
            await _context.SendAsync(invite, cancellationToken);
        }
        catch (JsipSendException ex)
        {
            _callee = null;
            await RefuseAsync(480, $"{callee} cannot be reached: {ex.Message}", cancellationToken);
        }
    }

    private async Task RefuseAsync(int code, string reason, CancellationToken cancellationToken)
    {
        var caller = _caller!;
        _context.Logger.LogCallRefused(caller.DialogueId, code, reason);
        caller.HasFinal = caller.IsHungUp = true;
        await TrySendAsync(caller.Invite.CreateResponse(code, reason), cancellationToken);

        // Nothing is left to relay: the stack takes the caller's ACK (or CANCEL, or retransmission) by itself.
        _context.Finish();
    }

    private async Task OnResponseAsync(CallLeg leg, JsipMessage response, CancellationToken cancellationToken)
    {
        if (!_relayed.TryGetValue((leg.DialogueId, response.CSeq), out var original))
        {
            return; // a response to something we did not relay (our own CANCEL/BYE are never shown to us)
        }

        var final = JsipStatus.IsFinal(response.Code);
        if (final)
        {
            _relayed.Remove((leg.DialogueId, response.CSeq));
        }

        var isInvite = response.Method == JsipMethod.Invite;
        var answered = isInvite && JsipStatus.IsSuccess(response.Code);
        if (answered)
        {
            leg.UnacknowledgedAnswer = response;
        }

        var other = Other(leg)!;
        var isInitialInvite = isInvite && !leg.IsCaller && response.CSeq == leg.Invite.CSeq;
        if (isInitialInvite && final)
        {
            leg.HasFinal = true;
            leg.IsAnswered = answered;
            leg.IsHungUp |= !answered; // the stack has ACKed the error; the leg is over
        }

        if (isInitialInvite && other.HasFinal)
        {
            // The caller has had its final already (CANCEL, or its INVITE timed out): a late answer is hung up.
            if (answered)
            {
                await HangUpAsync(leg, null, null, cancellationToken);
            }

            return;
        }

        var sent = await TrySendAsync(AnswerTo(original, response), cancellationToken);
        if (isInitialInvite && final && sent)
        {
            other.HasFinal = true;
            other.IsAnswered = answered;
            other.IsHungUp |= !answered;
        }

        if (answered && !sent)
        {
            // An answer the other side will never ACK: close this leg (ACK, BYE) and the other with it.
            await HangUpAsync(leg, null, null, cancellationToken);
            await HangUpAsync(other, null, "The call could not be connected", cancellationToken);
        }
    }

    private async Task OnAckAsync(CallLeg leg, JsipMessage ack, CancellationToken cancellationToken)
    {
        // Only the ACK of a 2xx travels end to end; the ACK of an error final is each stack's own business.
        var other = Other(leg)!;
        if (other.UnacknowledgedAnswer is not { } answer || other.IsHungUp)
        {
            return;
        }

        other.UnacknowledgedAnswer = null;
        var relayed = answer.CreateAck();
        relayed.Body = ack.Body;
        CopyHeaders(ack, relayed);
        await TrySendAsync(relayed, cancellationToken);
    }

    /// <summary>
    /// The caller cancelled (or its INVITE timed out): the stack has already answered it (200 for the CANCEL, 487 or
    /// 408 for the INVITE), so only the callee's leg is left to cancel.
    /// </summary>
    private async Task OnCancelAsync(CallLeg leg, CancellationToken cancellationToken)
    {
        if (!leg.IsCaller)
        {
            return;
        }

        leg.HasFinal = leg.IsHungUp = true;
        await HangUpAsync(Other(leg)!, null, null, cancellationToken);
    }

    /// <summary>A hang-up (already answered 200 by the stack, or the session expired): carried to the other side.</summary>
    private async Task OnByeAsync(CallLeg leg, JsipMessage bye, CancellationToken cancellationToken)
    {
        leg.IsHungUp = true;
        leg.UnacknowledgedAnswer = null;
        var other = Other(leg)!;
        await HangUpAsync(other, Reissue(bye, other.DialogueId), "The other side hung up", cancellationToken);
    }

    /// <summary>re-INVITE, PRACK, UPDATE, INFO (and any other request in the dialogue): re-issued on the other leg.</summary>
    private async Task RelayRequestAsync(CallLeg leg, JsipMessage request, CancellationToken cancellationToken)
    {
        var other = Other(leg)!;
        if (other.IsHungUp)
        {
            await TrySendAsync(request.CreateResponse(481, "The other call leg has ended"), cancellationToken);
            return;
        }

        var copy = Reissue(request, other.DialogueId);
        copy.RelatedId = request.RelatedId == leg.Invite.CSeq ? other.Invite.CSeq : null;
        _relayed[(other.DialogueId, copy.CSeq)] = request;
        try
        {
            await _context.SendAsync(copy, cancellationToken);
        }
        catch (JsipSendException ex)
        {
            _relayed.Remove((other.DialogueId, copy.CSeq));
            _context.Logger.LogSendRefused(copy.Name, copy.DialogueId, ex.Rejection, ex.Message);

            // Both sides started an offer/answer exchange at once (glare): the later one retries, as RFC 3261 says.
            var code = ex.Rejection == "NotAllowedInState" && request.Method is JsipMethod.Invite or JsipMethod.Update ? 491 : 500;
            await TrySendAsync(request.CreateResponse(code, $"Not relayed to the other call leg: {ex.Message}"), cancellationToken);
        }
    }

    /// <summary>
    /// Ends <paramref name="leg"/> in the way its state allows: a pending INVITE is cancelled (callee) or refused
    /// (caller), an answered session is ACKed if still owed and then hung up with <paramref name="bye"/> (the other
    /// side's BYE, carried across) or one of our own.
    /// </summary>
    private async Task HangUpAsync(CallLeg leg, JsipMessage? bye, string? reason, CancellationToken cancellationToken)
    {
        if (leg.IsHungUp || leg.IsTerminated)
        {
            return;
        }

        leg.IsHungUp = true;
        if (!leg.HasFinal && leg.IsCaller)
        {
            leg.HasFinal = true;
            await TrySendAsync(leg.Invite.CreateResponse(480, reason ?? "The call ended"), cancellationToken);
            return;
        }

        if (!leg.HasFinal)
        {
            // A CANCEL refused has crossed the callee's final, which is on its way to us: an answer is then hung up
            // when it arrives (ACK, BYE), since the caller no longer wants it.
            leg.IsHungUp = await TrySendAsync(leg.Invite.CreateCancel(), cancellationToken);
            return;
        }

        if (!leg.IsAnswered)
        {
            return;
        }

        if (leg.UnacknowledgedAnswer is { } answer)
        {
            leg.UnacknowledgedAnswer = null;
            await TrySendAsync(answer.CreateAck(), cancellationToken);
        }

        var hangUp = bye ?? leg.Invite.CreateBye();
        if (bye is null && reason is not null)
        {
            hangUp.SetHeader(JsipHeaderNames.Reason, reason);
        }

        await TrySendAsync(hangUp, cancellationToken);
    }

    private async Task<bool> TrySendAsync(JsipMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _context.SendAsync(message, cancellationToken);
            return true;
        }
        catch (JsipSendException ex)
        {
            // A leg that has just ended by itself (a CANCEL crossing our 200, a BYE crossing a re-INVITE) refuses
            // what was meant for it; the state of the call is settled by the messages that did pass.
            _context.Logger.LogSendRefused(message.Name, message.DialogueId, ex.Rejection, ex.Message);
            return false;
        }
    }

    /// <summary>The response to <paramref name="original"/> that carries <paramref name="response"/> across: code, body, extra headers.</summary>
    private static JsipMessage AnswerTo(JsipMessage original, JsipMessage response)
    {
        var answer = original.CreateResponse(response.Code);
        answer.Body = response.Body;
        CopyHeaders(response, answer);
        return answer;
    }

    /// <summary>A request re-issued on the other leg: same method, addresses, body and extra headers; its own CSeq.</summary>
    private static JsipMessage Reissue(JsipMessage request, string dialogueId)
    {
        var copy = request.CloneForDialogue(dialogueId);
        copy.Router = [];
        return copy;
    }

    private static void CopyHeaders(JsipMessage from, JsipMessage to)
    {
        foreach (var header in from.Headers)
        {
            to.Headers.Set(header.Key, header.Value);
        }
    }

    private CallLeg? LegOf(string dialogueId) =>
        dialogueId == _caller?.DialogueId ? _caller
        : dialogueId == _callee?.DialogueId ? _callee
        : null;

    private CallLeg? Other(CallLeg leg) => leg.IsCaller ? _callee : _caller;
}
