using GoRtc.Jsip.Stack.Tests.Support;
using Xunit;
using static GoRtc.Jsip.Stack.Tests.Support.Messages;

namespace GoRtc.Jsip.Stack.Tests;

/// <summary>Protocol decision 6: when an SLP fails, the stack ends its dialogues on its behalf.</summary>
public sealed class AbortTests
{
    private static DialogueOutput Abort(DialogueHarness h)
    {
        var output = new DialogueOutput();
        h.Dialogue.Abort(500, "Service failed", h.Now, output);
        return output;
    }

    [Fact]
    public void Abort_answers_pending_inbound_requests_500_with_a_reason()
    {
        var h = new DialogueHarness();
        h.In(Request(JsipMethod.Message, 1));

        var output = Abort(h);

        var answer = Assert.Single(output.ToPeer);
        Assert.Equal(500, answer.Code);
        Assert.Equal(1u, answer.CSeq);
        Assert.Equal("Service failed", answer.GetString(JsipHeaderNames.Reason));
        Assert.True(h.Dialogue.IsIdle);
    }

    [Fact]
    public void Abort_of_a_ringing_inbound_invite_answers_500_and_waits_for_the_ack()
    {
        var h = new DialogueHarness();
        var invite = Invite();
        h.In(invite);
        h.Out(FromApp(invite, 180));

        var output = Abort(h);

        Assert.Equal(500, Assert.Single(output.ToPeer).Code);
        Assert.Equal(InviteSessionState.Error, h.Dialogue.SessionState);
        h.In(Ack(2));
        Assert.False(h.Dialogue.HasSession);
    }

    [Fact]
    public void Abort_of_an_answered_session_sends_bye_to_the_peer()
    {
        var h = new DialogueHarness();
        var invite = Invite();
        h.In(invite);
        h.Out(FromApp(invite, 200));
        h.In(Ack(2));

        var output = Abort(h);

        Assert.Equal(JsipMethod.Bye, Assert.Single(output.ToPeer).Method);
        Assert.False(h.Dialogue.HasSession);
    }

    [Fact]
    public void Abort_of_an_outbound_invite_waiting_for_its_answer_cancels_it()
    {
        var h = new DialogueHarness();
        var invite = Invite();
        h.Out(invite);
        h.In(FromPeer(invite, 180));

        var output = Abort(h);

        Assert.Equal(JsipMethod.Cancel, Assert.Single(output.ToPeer).Method);
        Assert.Equal(SendRejection.None, output.Rejection);
    }

    [Fact]
    public void Abort_of_an_idle_dialogue_does_nothing()
    {
        var h = new DialogueHarness();
        var output = Abort(h);
        Assert.Empty(output.ToPeer);
        Assert.Empty(output.ToApp);
        Assert.Equal(SendRejection.None, output.Rejection);
    }
}
