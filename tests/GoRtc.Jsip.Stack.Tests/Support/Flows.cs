using static GoRtc.Jsip.Stack.Tests.Support.Messages;

namespace GoRtc.Jsip.Stack.Tests.Support;

/// <summary>
/// Brings a dialogue into a given session state. UAS: the peer's INVITE has CSeq 1 and its ACK CSeq 2;
/// UAC: the app's INVITE has CSeq 1 and its ACK CSeq 2. Each returns the initial INVITE.
/// </summary>
internal static class Flows
{
    public static JsipMessage UasInit(DialogueHarness h, long? expire = null)
    {
        var invite = Invite(1, expire);
        h.In(invite);
        return invite;
    }

    public static JsipMessage UasEarly(DialogueHarness h, long? expire = null)
    {
        var invite = UasInit(h, expire);
        h.Out(FromApp(invite, 180));
        return invite;
    }

    public static JsipMessage UasConfirmed(DialogueHarness h, long? expire = null)
    {
        var invite = UasInit(h, expire);
        h.Out(FromApp(invite, 200));
        return invite;
    }

    public static JsipMessage UasAcked(DialogueHarness h, long? expire = null)
    {
        var invite = UasConfirmed(h, expire);
        h.In(Ack(2));
        return invite;
    }

    public static JsipMessage UacInit(DialogueHarness h, long? expire = null)
    {
        var invite = Invite(1, expire);
        h.Out(invite);
        return invite;
    }

    public static JsipMessage UacEarly(DialogueHarness h, long? expire = null)
    {
        var invite = UacInit(h, expire);
        h.In(FromPeer(invite, 180));
        return invite;
    }

    public static JsipMessage UacConfirmed(DialogueHarness h, long? expire = null)
    {
        var invite = UacInit(h, expire);
        h.In(FromPeer(invite, 200));
        return invite;
    }

    public static JsipMessage UacAcked(DialogueHarness h, long? expire = null)
    {
        var invite = UacConfirmed(h, expire);
        h.Out(Ack(2));
        return invite;
    }

    /// <summary>Any state by name, as a UAS (for theories over the state table).</summary>
    public static void UasTo(DialogueHarness h, InviteSessionState state)
    {
        switch (state)
        {
            case InviteSessionState.Init:
                UasInit(h);
                break;
            case InviteSessionState.Early:
                UasEarly(h);
                break;
            case InviteSessionState.Prack:
                UasEarly(h);
                h.In(Request(JsipMethod.Prack, 10));
                break;
            case InviteSessionState.Update:
                UasEarly(h);
                h.Out(Request(JsipMethod.Update, 10));
                break;
            case InviteSessionState.Confirmed:
                UasConfirmed(h);
                break;
            case InviteSessionState.Acked:
                UasAcked(h);
                break;
            case InviteSessionState.Reinvite:
                UasAcked(h);
                h.In(Invite(10));
                break;
            case InviteSessionState.ReinviteAnswered:
                UasAcked(h);
                var reinvite = Invite(10);
                h.In(reinvite);
                h.Out(FromApp(reinvite, 200));
                break;
            case InviteSessionState.Error:
                h.Out(FromApp(UasInit(h), 486));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, "not reachable as a UAS");
        }

        Assert.Equal(state, h.Dialogue.SessionState);
    }
}
