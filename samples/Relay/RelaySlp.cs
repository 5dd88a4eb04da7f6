using GoRtc.Jsip;
using GoRtc.SlpSdk;

namespace GoRtc.Samples.Relay;

/// <summary>
/// A minimal back-to-back relay. The request that creates the instance (leg A) is re-issued on a new dialogue
/// (leg B) to the user named by its Request-URI; afterwards every request and response of one leg is re-issued on
/// the other, bodies untouched. What the stack answers by itself (CANCEL, BYE, refresh UPDATE, ACK of error
/// finals) is not relayed twice. The instance finishes when both legs have ended.
/// </summary>
public sealed class RelaySlp : Slp
{
    private readonly Dictionary<(string Dialogue, uint CSeq), JsipMessage> _pending = [];
    private readonly HashSet<string> _live = new(StringComparer.Ordinal);
    private string _legA = string.Empty;
    private string _legB = string.Empty;
    private JsipMessage? _inviteB;

    public override async ValueTask OnMessageAsync(JsipMessage message, CancellationToken cancellationToken)
    {
        if (_legA.Length == 0)
        {
            await StartAsync(message);
            return;
        }

        var other = message.DialogueId == _legA ? _legB : _legA;
        if (message.IsResponse)
        {
            await RelayResponseAsync(message);
        }
        else if (message.Method == JsipMethod.Ack)
        {
            if (other == _legB && _inviteB is not null)
            {
                var ack = JsipMessage.CreateRequest(JsipMethod.Ack, _inviteB.RequestUri, _inviteB.From, _inviteB.To, _legB);
                ack.Body = message.Body;
                await TrySendAsync(ack);
            }
            else
            {
                await TrySendAsync(Reissue(message, other));
            }
        }
        else if (message.Method == JsipMethod.Cancel)
        {
            // The stack has answered the CANCEL and the INVITE (487) on this leg; cancel the other leg's INVITE.
            if (other == _legB && _inviteB is not null)
            {
                await TrySendAsync(_inviteB.CreateCancel());
            }
        }
        else if (message.Method == JsipMethod.Bye)
        {
            // Already answered 200 by the stack on this leg; end the other leg.
            await TrySendAsync(Reissue(message, other));
        }
        else
        {
            var copy = Reissue(message, other);
            _pending[(other, copy.CSeq)] = message;
            await TrySendAsync(copy);
        }
    }

    public override ValueTask OnDialogueTerminatedAsync(string dialogueId, CancellationToken cancellationToken)
    {
        _live.Remove(dialogueId);
        if (_live.Count == 0)
        {
            Context.Finish();
        }

        return ValueTask.CompletedTask;
    }

    private async Task StartAsync(JsipMessage request)
    {
        _legA = request.DialogueId;
        _legB = Context.NewDialogueId();
        _live.Add(_legA);
        _live.Add(_legB);
        var copy = request.CloneForDialogue(_legB);
        copy.Router = [];
        if (copy.Method == JsipMethod.Invite)
        {
            _inviteB = copy;
        }

        _pending[(_legB, copy.CSeq)] = request;
        if (!await TrySendAsync(copy))
        {
            await TrySendAsync(request.CreateResponse(480, "Callee unreachable"));
        }
    }

    private async Task RelayResponseAsync(JsipMessage response)
    {
        if (!_pending.TryGetValue((response.DialogueId, response.CSeq), out var original))
        {
            return;
        }

        if (JsipStatus.IsFinal(response.Code))
        {
            _pending.Remove((response.DialogueId, response.CSeq));
        }

        var answer = original.CreateResponse(response.Code);
        answer.Body = response.Body;
        foreach (var header in response.Headers)
        {
            answer.Headers.Set(header.Key, header.Value);
        }

        await TrySendAsync(answer);
    }

    private static JsipMessage Reissue(JsipMessage message, string dialogueId)
    {
        var copy = message.CloneForDialogue(dialogueId);
        copy.Router = [];
        return copy;
    }

    private async Task<bool> TrySendAsync(JsipMessage message)
    {
        try
        {
            await Context.SendAsync(message);
            return true;
        }
        catch (JsipSendException ex)
        {
            // The other leg may already be gone (e.g. its CANCEL crossed our 200); nothing to relay then.
            Context.Logger.LogRelayRefused(message.Name, ex.Rejection);
            return false;
        }
    }
}
