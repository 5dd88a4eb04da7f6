namespace GoRtc.Jsip.Stack.Tests.Scripts;

/// <summary>
/// The reference's test SLP (spec §9, G:test/test.go): one instance per incoming dialogue; the Request-URI of the
/// first request picks the handler, and a per-instance counter drives its steps. Asserts fail the test (the Go SLP
/// panicked). Outgoing requests go to the trigger's From, on new dialogues the instance binds to itself.
/// </summary>
internal sealed class TestSlp
{
    private readonly ScriptHost _host;
    private readonly Action<TestSlp, JsipMessage> _handler;
    private int _newDialogues;

    private TestSlp(ScriptHost host, string name, Action<TestSlp, JsipMessage> handler)
    {
        _host = host;
        Name = name;
        _handler = handler;
    }

    public string Name { get; }

    /// <summary>Messages processed so far (the Go SLP's <c>count</c>).</summary>
    public int Count { get; private set; }

    public bool Finished { get; private set; }

    /// <summary>Every message the instance received, in order.</summary>
    public List<JsipMessage> Received { get; } = [];

    /// <summary>What the stack answered to each send (None when accepted).</summary>
    public List<SendRejection> SendResults { get; } = [];

    private JsipMessage? Trigger { get; set; }

    private JsipMessage? Invite { get; set; }

    public static TestSlp Create(ScriptHost host, JsipMessage first)
    {
        Action<TestSlp, JsipMessage>? handler = first.RequestUri switch
        {
            "Recv_MESSAGE" => RecvMessage,
            "Recv_INVITE" => RecvInvite,
            "Recv_INVITE_Timeout" => RecvInviteTimeout,
            "Recv_MESSAGE_Timeout" => RecvMessageTimeout,
            "Recv_INVITE_Session_Timeout" => RecvInviteSessionTimeout,
            "Recv_CANCEL" => RecvCancel,
            "Send_Error_Msg" => SendErrorMsg,
            "Send_BYE_481" => (s, m) => s.SendWithoutSession(m, JsipMethod.Bye),
            "Send_ACK_No_Session" => (s, m) => s.SendWithoutSession(m, JsipMethod.Ack),
            "Send_CANCEL_No_Session" => (s, m) => s.SendWithoutSession(m, JsipMethod.Cancel),
            "Send_Resp_No_Session" => SendRespNoSession,
            "Send_UPDATE_No_Session" => SendUpdateNoSession,
            "Send_MESSAGE" => SendMessage,
            "Send_INVITE" => SendInvite,
            "Send_INVITE_Timeout" => SendInviteTimeout,
            "Send_MESSAGE_Timeout" => SendMessageTimeout,
            "Send_INVITE_Session_Timeout" => SendInviteSessionTimeout,
            "Send_CANCEL" => SendCancel,
            _ => null,
        };

        // Unknown Request-URI (or an SLP that is not loaded): 404 and finish.
        return new TestSlp(host, first.RequestUri, handler ?? NotFound);
    }

    public void Process(JsipMessage message)
    {
        Assert.False(Finished, $"{Name}: {message} reached a finished instance");
        Received.Add(message);
        _handler(this, message);
        Count++;
    }

    private SendRejection Send(JsipMessage message)
    {
        var result = _host.FromApp(this, message);
        SendResults.Add(result);
        return result;
    }

    private void Finish() => Finished = true;

    private void Expect(JsipMethod method, int code, JsipMessage message)
    {
        Assert.True(
            message.Method == method && message.Code == code,
            $"{Name} step {Count}: expected {method.ToWireName()}{(code == 0 ? string.Empty : "_" + code)}, got {message}");
    }

    /// <summary>A request to the trigger's sender on a new dialogue of this instance.</summary>
    private JsipMessage NewRequest(JsipMethod method, string from, string? requestUri = null)
    {
        var dialogueId = $"dlg_gortc.com_{Name}_{++_newDialogues}";
        _host.Bind(dialogueId, this);
        return JsipMessage.CreateRequest(method, requestUri ?? Trigger!.From, from, Trigger!.From, dialogueId);
    }

    private void AnswerTrigger(JsipMessage trigger)
    {
        Trigger = trigger;
        Send(trigger.CreateResponse(200));
    }

    private static void NotFound(TestSlp s, JsipMessage m)
    {
        s.Send(m.CreateResponse(404));
        s.Finish();
    }

    private static void RecvMessage(TestSlp s, JsipMessage m)
    {
        s.Expect(JsipMethod.Message, 0, m);
        s.Send(m.CreateResponse(200));
        s.Finish();
    }

    private static void RecvInvite(TestSlp s, JsipMessage m)
    {
        switch (s.Count)
        {
            case 0:
                s.Expect(JsipMethod.Invite, 0, m);
                s.Invite = m;
                s.Send(m.CreateResponse(180));
                break;
            case 1:
                s.Expect(JsipMethod.Prack, 0, m);
                s.Send(m.CreateResponse(200));
                s.Send(s.Invite!.CreateUpdate());
                break;
            case 2:
                s.Expect(JsipMethod.Update, 200, m);
                s.Send(s.Invite!.CreateResponse(200));
                break;
            case 3:
                s.Expect(JsipMethod.Ack, 0, m);
                break;
            case 4:
                s.Expect(JsipMethod.Invite, 0, m);
                s.Send(m.CreateResponse(200));
                break;
            case 5:
                s.Expect(JsipMethod.Bye, 0, m);
                s.Finish();
                break;
        }
    }

    private static void RecvInviteTimeout(TestSlp s, JsipMessage m)
    {
        if (s.Count == 0)
        {
            s.Expect(JsipMethod.Invite, 0, m);
            return;
        }

        s.Expect(JsipMethod.Cancel, 0, m);
        s.Finish();
    }

    private static void RecvMessageTimeout(TestSlp s, JsipMessage m)
    {
        s.Expect(JsipMethod.Message, 0, m);
        s.Finish();
    }

    private static void RecvInviteSessionTimeout(TestSlp s, JsipMessage m)
    {
        switch (s.Count)
        {
            case 0:
                s.Expect(JsipMethod.Invite, 0, m);
                s.Send(m.CreateResponse(180));
                s.Send(m.CreateResponse(200));
                break;
            case 1:
                s.Expect(JsipMethod.Ack, 0, m);
                break;
            case 2:
                s.Expect(JsipMethod.Bye, 0, m);
                s.Finish();
                break;
        }
    }

    // Recv_CANCEL runs the same script as Recv_INVITE_Timeout: INVITE, then the CANCEL (from the peer here).
    private static void RecvCancel(TestSlp s, JsipMessage m) => RecvInviteTimeout(s, m);

    private static void SendErrorMsg(TestSlp s, JsipMessage m)
    {
        s.AnswerTrigger(m);
        var invite = s.NewRequest(JsipMethod.Invite, "SendErrorMsg");
        invite.RequestUri = string.Empty;
        invite.To = string.Empty;
        s.Send(invite);
        s.Finish();
    }

    private void SendWithoutSession(JsipMessage m, JsipMethod method)
    {
        AnswerTrigger(m);
        Send(NewRequest(method, "Send" + method.ToWireName()));
        Finish();
    }

    private static void SendRespNoSession(TestSlp s, JsipMessage m)
    {
        s.AnswerTrigger(m);
        var relabelled = m.CreateResponse(200);
        relabelled.DialogueId = $"dlg_gortc.com_{s.Name}_resp";
        s._host.Bind(relabelled.DialogueId, s);
        s.Send(relabelled);
        s.Finish();
    }

    private static void SendUpdateNoSession(TestSlp s, JsipMessage m)
    {
        if (s.Count == 0)
        {
            s.AnswerTrigger(m);
            s.Send(s.NewRequest(JsipMethod.Update, "SendUPDATE"));
            return;
        }

        s.Expect(JsipMethod.Update, 481, m);
        s.Finish();
    }

    private static void SendMessage(TestSlp s, JsipMessage m) => SendMessage(s, m, 200);

    private static void SendMessageTimeout(TestSlp s, JsipMessage m) => SendMessage(s, m, 408);

    private static void SendMessage(TestSlp s, JsipMessage m, int expectedFinal)
    {
        if (s.Count == 0)
        {
            s.AnswerTrigger(m);
            s.Send(s.NewRequest(JsipMethod.Message, "SendMessage"));
            return;
        }

        s.Expect(JsipMethod.Message, expectedFinal, m);
        s.Finish();
    }

    private static void SendInvite(TestSlp s, JsipMessage m)
    {
        switch (s.Count)
        {
            case 0:
                s.AnswerTrigger(m);
                s.Invite = s.NewRequest(JsipMethod.Invite, "SendINVITE");
                s.Invite.Expire = 60;
                s.Send(s.Invite);
                break;
            case 1:
                s.Expect(JsipMethod.Invite, 180, m);
                s.Send(JsipMessage.CreateRequest(JsipMethod.Prack, "PRACK", "SendINVITE", "PRACK", s.Invite!.DialogueId));
                break;
            case 2:
                s.Expect(JsipMethod.Prack, 200, m);
                break;
            case 3:
                s.Expect(JsipMethod.Update, 0, m);
                s.Send(m.CreateResponse(200));
                break;
            case 4:
                s.Expect(JsipMethod.Invite, 200, m);
                break;
            case 5:
                s.Expect(JsipMethod.Invite, 0, m);
                s.Send(m.CreateResponse(200));
                break;
            case 6:
                s.Expect(JsipMethod.Ack, 0, m);

                // The Go SLP sleeps 30 s in its handler, then hangs up.
                s._host.After(TimeSpan.FromSeconds(30), () =>
                {
                    s.Send(JsipMessage.CreateRequest(JsipMethod.Bye, "BYE", "SendINVITE", s.Trigger!.From, s.Invite!.DialogueId));
                    s.Finish();
                });
                break;
        }
    }

    private static void SendInviteTimeout(TestSlp s, JsipMessage m)
    {
        switch (s.Count)
        {
            case 0:
                s.AnswerTrigger(m);
                s.Invite = s.NewRequest(JsipMethod.Invite, "SendINVITE");
                s.Send(s.Invite);
                break;
            case 1:
                s.Expect(JsipMethod.Invite, 180, m);
                break;
            case 2:
                s.Expect(JsipMethod.Invite, 408, m);
                s.Finish();
                break;
        }
    }

    private static void SendInviteSessionTimeout(TestSlp s, JsipMessage m)
    {
        switch (s.Count)
        {
            case 0:
                s.AnswerTrigger(m);
                s.Invite = s.NewRequest(JsipMethod.Invite, "SendINVITE");
                s.Invite.Expire = 60;
                s.Send(s.Invite);
                break;
            case 1:
                s.Expect(JsipMethod.Invite, 180, m);
                break;
            case 2:
                s.Expect(JsipMethod.Invite, 200, m);
                s.Send(m.CreateAck());
                break;
            case 3:
                s.Expect(JsipMethod.Bye, 0, m);
                s.Finish();
                break;
        }
    }

    private static void SendCancel(TestSlp s, JsipMessage m)
    {
        if (s.Count == 0)
        {
            s.AnswerTrigger(m);
            s.Invite = s.NewRequest(JsipMethod.Invite, "SendINVITE");
            s.Invite.Expire = 60;
            s.Send(s.Invite);
            s.Send(s.Invite.CreateCancel());
            return;
        }

        s.Expect(JsipMethod.Invite, 487, m);
        s.Finish();
    }
}
