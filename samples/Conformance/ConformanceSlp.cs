using GoRtc.Jsip;
using GoRtc.SlpSdk;

namespace GoRtc.Samples.Conformance;

/// <summary>
/// The reference's test SLP (spec §9): the Request-URI of the first request picks a scenario, which then receives
/// every message of the instance, counted from 0. A message out of script fails the instance (the reference
/// panicked and took the server down; here only this instance fails and its requests get 500).
/// Timer lengths that the reference hard-coded (Expire 60, a 30 s pause) are settings, so tests can run fast.
/// </summary>
public sealed class ConformanceSlp : Slp
{
    private Func<JsipMessage, ValueTask>? _scenario;
    private JsipMessage _trigger = null!;
    private JsipMessage? _invite;
    private int _count;

    public override async ValueTask OnMessageAsync(JsipMessage message, CancellationToken cancellationToken)
    {
        if (_scenario is null)
        {
            _trigger = message;
            _scenario = message.RequestUri switch
            {
                "Recv_MESSAGE" => RecvMessage,
                "Recv_INVITE" => RecvInvite,
                "Recv_INVITE_Timeout" => RecvInviteTimeout,
                "Recv_MESSAGE_Timeout" => RecvMessageTimeout,
                "Recv_INVITE_Session_Timeout" => RecvInviteSessionTimeout,
                "Recv_CANCEL" => RecvCancel,
                "Send_Error_Msg" => SendErrorMessage,
                "Send_BYE_481" => m => SendWithoutSession(m, JsipMethod.Bye),
                "Send_ACK_No_Session" => m => SendWithoutSession(m, JsipMethod.Ack),
                "Send_CANCEL_No_Session" => m => SendWithoutSession(m, JsipMethod.Cancel),
                "Send_Resp_No_Session" => SendResponseWithoutSession,
                "Send_UPDATE_No_Session" => SendUpdateWithoutSession,
                "Send_MESSAGE" => m => SendMessage(m, 200),
                "Send_MESSAGE_Timeout" => m => SendMessage(m, 408),
                "Send_INVITE" => SendInvite,
                "Send_INVITE_Timeout" => SendInviteTimeout,
                "Send_INVITE_Session_Timeout" => SendInviteSessionTimeout,
                "Send_CANCEL" => SendCancel,
                _ => null,
            };

            if (_scenario is null)
            {
                if (message.IsRequest && message.Method != JsipMethod.Ack)
                {
                    await Context.SendAsync(message.CreateResponse(404, $"No scenario {message.RequestUri}"), cancellationToken);
                }

                Context.Finish();
                return;
            }
        }

        await _scenario(message);
        _count++;
    }

    private async ValueTask RecvMessage(JsipMessage m)
    {
        Expect(m, JsipMethod.Message);
        await Context.SendAsync(m.CreateResponse(200));
        Context.Finish();
    }

    private async ValueTask RecvInvite(JsipMessage m)
    {
        switch (_count)
        {
            case 0:
                _invite = Expect(m, JsipMethod.Invite);
                await Context.SendAsync(m.CreateResponse(180));
                break;
            case 1:
                Expect(m, JsipMethod.Prack);
                await Context.SendAsync(m.CreateResponse(200));
                await Context.SendAsync(_invite!.CreateUpdate());
                break;
            case 2:
                Expect(m, JsipMethod.Update, 200);
                await Context.SendAsync(_invite!.CreateResponse(200));
                break;
            case 3:
                Expect(m, JsipMethod.Ack);
                break;
            case 4:
                Expect(m, JsipMethod.Invite);
                await Context.SendAsync(m.CreateResponse(200));
                break;
            default:
                Expect(m, JsipMethod.Bye);
                Context.Finish();
                break;
        }
    }

    private ValueTask RecvInviteTimeout(JsipMessage m)
    {
        if (_count == 0)
        {
            Expect(m, JsipMethod.Invite);
        }
        else
        {
            Expect(m, JsipMethod.Cancel);
            Context.Finish();
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask RecvMessageTimeout(JsipMessage m)
    {
        Expect(m, JsipMethod.Message);
        Context.Finish();
        return ValueTask.CompletedTask;
    }

    private async ValueTask RecvInviteSessionTimeout(JsipMessage m)
    {
        switch (_count)
        {
            case 0:
                Expect(m, JsipMethod.Invite);
                await Context.SendAsync(m.CreateResponse(180));
                await Context.SendAsync(m.CreateResponse(200));
                break;
            case 1:
                Expect(m, JsipMethod.Ack);
                break;
            default:
                Expect(m, JsipMethod.Bye);
                Context.Finish();
                break;
        }
    }

    private ValueTask RecvCancel(JsipMessage m) => RecvInviteTimeout(m);

    private async ValueTask SendErrorMessage(JsipMessage m)
    {
        await Context.SendAsync(m.CreateResponse(200));
        var bad = JsipMessage.CreateRequest(JsipMethod.Invite, string.Empty, "SendErrorMsg", string.Empty, Context.NewDialogueId());
        await SendRefusedAsync(bad);
        Context.Finish();
    }

    private async ValueTask SendWithoutSession(JsipMessage m, JsipMethod method)
    {
        await Context.SendAsync(m.CreateResponse(200));
        var request = JsipMessage.CreateRequest(method, m.From, "SendNoSession", m.From, Context.NewDialogueId());
        await SendRefusedAsync(request);
        Context.Finish();
    }

    private async ValueTask SendResponseWithoutSession(JsipMessage m)
    {
        var response = m.CreateResponse(200);
        await Context.SendAsync(response);
        var stray = response.Clone();
        stray.DialogueId = Context.NewDialogueId();
        await SendRefusedAsync(stray);
        Context.Finish();
    }

    private async ValueTask SendUpdateWithoutSession(JsipMessage m)
    {
        if (_count == 0)
        {
            await Context.SendAsync(m.CreateResponse(200));
            await Context.SendAsync(JsipMessage.CreateRequest(JsipMethod.Update, m.From, "SendUPDATE", m.From, Context.NewDialogueId()));
        }
        else
        {
            Expect(m, JsipMethod.Update, 481);
            Context.Finish();
        }
    }

    /// <summary>Send_MESSAGE / Send_MESSAGE_Timeout: a MESSAGE to the tester, then its final (200, or the stack's 408).</summary>
    private async ValueTask SendMessage(JsipMessage m, int expectedFinal)
    {
        if (_count == 0)
        {
            await Context.SendAsync(m.CreateResponse(200));
            await Context.SendAsync(JsipMessage.CreateRequest(JsipMethod.Message, m.From, "SendMessage", m.From, Context.NewDialogueId()));
        }
        else
        {
            Expect(m, JsipMethod.Message, expectedFinal);
            Context.Finish();
        }
    }

    private async ValueTask SendInvite(JsipMessage m)
    {
        switch (_count)
        {
            case 0:
                await Context.SendAsync(m.CreateResponse(200));
                _invite = NewInvite(m, "SendINVITE", Context.Settings.GetInt32("SendInviteExpire", 60));
                await Context.SendAsync(_invite);
                break;
            case 1:
                Expect(m, JsipMethod.Invite, 180);
                await Context.SendAsync(JsipMessage.CreateRequest(JsipMethod.Prack, "PRACK", "SendINVITE", "PRACK", _invite!.DialogueId));
                break;
            case 2:
                Expect(m, JsipMethod.Prack, 200);
                break;
            case 3:
                Expect(m, JsipMethod.Update);
                await Context.SendAsync(m.CreateResponse(200));
                break;
            case 4:
                Expect(m, JsipMethod.Invite, 200);
                break;
            case 5:
                Expect(m, JsipMethod.Invite);
                await Context.SendAsync(m.CreateResponse(200));
                break;
            case 6:
                Expect(m, JsipMethod.Ack);
                var invite = _invite!;
                Context.RegisterTimer(Context.Settings.GetTimeSpan("ByeDelay", TimeSpan.FromSeconds(30)), null, async _ =>
                {
                    await Context.SendAsync(JsipMessage.CreateRequest(JsipMethod.Bye, "BYE", "SendINVITE", invite.To, invite.DialogueId));
                    Context.Finish();
                });
                break;
            default:
                // A refresh UPDATE's answer never reaches the SLP; anything else is out of script.
                throw Unexpected(m);
        }
    }

    private async ValueTask SendInviteTimeout(JsipMessage m)
    {
        switch (_count)
        {
            case 0:
                await Context.SendAsync(m.CreateResponse(200));
                await Context.SendAsync(NewInvite(m, "SendINVITE", expire: null));
                break;
            case 1:
                Expect(m, JsipMethod.Invite, 180);
                break;
            default:
                Expect(m, JsipMethod.Invite, 408);
                Context.Finish();
                break;
        }
    }

    private async ValueTask SendInviteSessionTimeout(JsipMessage m)
    {
        switch (_count)
        {
            case 0:
                await Context.SendAsync(m.CreateResponse(200));
                await Context.SendAsync(NewInvite(m, "SendINVITE", Context.Settings.GetInt32("SessionTimeoutExpire", 60)));
                break;
            case 1:
                Expect(m, JsipMethod.Invite, 180);
                break;
            case 2:
                Expect(m, JsipMethod.Invite, 200);
                await Context.SendAsync(m.CreateAck());
                break;
            default:
                Expect(m, JsipMethod.Bye);
                Context.Finish();
                break;
        }
    }

    private async ValueTask SendCancel(JsipMessage m)
    {
        if (_count == 0)
        {
            await Context.SendAsync(m.CreateResponse(200));
            var invite = NewInvite(m, "SendINVITE", 60);
            await Context.SendAsync(invite);
            await Context.SendAsync(invite.CreateCancel());
        }
        else
        {
            Expect(m, JsipMethod.Invite, 487);
            Context.Finish();
        }
    }

    private JsipMessage NewInvite(JsipMessage trigger, string from, int? expire)
    {
        var invite = JsipMessage.CreateRequest(JsipMethod.Invite, trigger.From, from, trigger.From, Context.NewDialogueId());
        invite.Expire = expire;
        return invite;
    }

    private async ValueTask SendRefusedAsync(JsipMessage message)
    {
        try
        {
            await Context.SendAsync(message);
        }
        catch (JsipSendException ex)
        {
            // Expected: this scenario checks that the stack refuses the message (the reference dropped it silently).
            Context.Logger.LogRefused(message.Name, ex.Rejection);
            return;
        }

        throw new InvalidOperationException($"The stack accepted {message.Name}, which it must refuse.");
    }

    private JsipMessage Expect(JsipMessage m, JsipMethod method, int code = 0) =>
        m.Method == method && m.Code == code ? m : throw Unexpected(m);

    private InvalidOperationException Unexpected(JsipMessage m) =>
        new($"Scenario {_trigger.RequestUri}: unexpected {m.Name} at step {_count}");
}
