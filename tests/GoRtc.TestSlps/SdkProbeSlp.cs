using GoRtc.Jsip;
using GoRtc.SlpSdk;

namespace GoRtc.TestSlps;

/// <summary>Instances of one loaded version share one of these.</summary>
public sealed class ProbeShared
{
    private int _instances;

    public int NextInstanceNumber() => Interlocked.Increment(ref _instances);
}

/// <summary>
/// Exercises the SDK through MESSAGE requests whose Request-URI names a feature; each answer's Body reports what
/// the SLP saw, so the test can check it from the client side. An INVITE to <c>hold</c> opens a call that stays
/// up: see <see cref="HoldAsync"/>.
/// </summary>
public sealed class SdkProbeSlp : Slp<ProbeShared>
{
    private int _instanceNumber;
    private int _messages;
    private string? _relId;
    private JsipMessage? _held;

    public override ValueTask OnActivateAsync(CancellationToken cancellationToken)
    {
        _instanceNumber = Shared.NextInstanceNumber();
        return ValueTask.CompletedTask;
    }

    public override async ValueTask OnMessageAsync(JsipMessage message, CancellationToken cancellationToken)
    {
        if (!message.IsRequest)
        {
            // The timer scenario ends when the client has answered its tick.
            Context.Finish();
            return;
        }

        if (message.Method is JsipMethod.Ack or JsipMethod.Bye)
        {
            // The held call's ACK, or its hang-up (the stack has answered the BYE; TERM follows).
            return;
        }

        _messages++;
        switch (message.RequestUri)
        {
            case "hold" when message.Method == JsipMethod.Invite:
                await HoldAsync(message);
                break;
            case "relid":
                // A relid whose requests come to a handler of their own.
                _relId = Context.NewRelId(OnRelatedAsync);
                await AnswerAsync(message, _relId);
                break;
            case "shared":
                await AnswerAsync(message, $"instance {_instanceNumber}");
                Context.Finish();
                break;
            case "reuse":
                // Changes the request it got and the answer it sent once the stack has them: the stack must have kept
                // copies of its own (to recognise a retransmission, and to answer it again).
                var answer = message.CreateResponse(200);
                answer.Body = JsipValue.FromString($"original {_instanceNumber}");
                await Context.SendAsync(answer, cancellationToken);
                answer.Body = JsipValue.FromString("changed");
                message.Body = JsipValue.FromString("changed");
                Context.Finish();
                break;
            case "settings":
                await AnswerAsync(message, Context.Settings["Greeting"] ?? "(none)");
                Context.Finish();
                break;
            case "timer":
                await AnswerAsync(message, "armed");
                var user = message.From;
                Context.RegisterTimer(TimeSpan.FromMilliseconds(200), null, async _ =>
                {
                    var tick = JsipMessage.CreateRequest(JsipMethod.Message, user, "probe", user, Context.NewDialogueId());
                    tick.Body = JsipValue.FromString("tick");
                    await Context.SendAsync(tick);
                });
                break;
            default:
                await AnswerAsync(message, $"unknown {message.RequestUri}");
                Context.Finish();
                break;
        }
    }

    public override ValueTask OnDialogueTerminatedAsync(string dialogueId, CancellationToken cancellationToken)
    {
        if (_held is not null && dialogueId == _held.DialogueId)
        {
            Context.Finish();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// A call that stays up until the caller hangs up: the INVITE is answered 180 with a relid as Body and left
    /// pending; any request carrying that relid (another dialogue, any user) is answered 200 and has the INVITE
    /// answered 200. The instance finishes when the call's dialogue ends.
    /// </summary>
    private async Task HoldAsync(JsipMessage invite)
    {
        _held = invite;
        _relId = Context.NewRelId(AnswerHeldAsync);
        var ringing = invite.CreateResponse(180);
        ringing.Body = JsipValue.FromString(_relId);
        await Context.SendAsync(ringing);
    }

    private async ValueTask AnswerHeldAsync(JsipMessage message)
    {
        if (message.IsRequest && _held is { } invite)
        {
            await AnswerAsync(message, $"answered {invite.DialogueId}");
            await AnswerAsync(invite, "held");
        }
    }

    private async ValueTask OnRelatedAsync(JsipMessage message)
    {
        _messages++;
        if (message.IsRequest)
        {
            await AnswerAsync(message, $"related to {_relId}, message {_messages} of instance {_instanceNumber}");
            Context.Finish();
        }
    }

    private Task AnswerAsync(JsipMessage request, string body)
    {
        var answer = request.CreateResponse(200);
        answer.Body = JsipValue.FromString(body);
        return Context.SendAsync(answer);
    }
}
