using GoRtc.Jsip.Stack.Tests.Support;
using static GoRtc.Jsip.Stack.Tests.Support.Messages;

namespace GoRtc.Jsip.Stack.Tests;

/// <summary>When a dialogue reports its end (TERM to the app) and what the host may rely on afterwards.</summary>
public sealed class TerminationTests
{
    [Fact]
    public void New_dialogue_is_idle_but_not_terminated()
    {
        var dialogue = new Dialogue("d", new StackOptions());

        Assert.True(dialogue.IsIdle);
        Assert.False(dialogue.IsTerminated);
        Assert.False(dialogue.HasSession);
        Assert.Null(dialogue.NextDeadline);
        Assert.Null(dialogue.SessionState);
    }

    [Fact]
    public void Answered_non_invite_transaction_terminates_the_dialogue()
    {
        var h = new DialogueHarness();
        var message = Request(JsipMethod.Message, 1);
        var received = h.In(message);

        var answered = h.Out(FromApp(message, 200));

        Assert.False(received.Terminated);
        Assert.True(answered.Terminated);
        Assert.True(h.Dialogue.IsIdle);
        Assert.True(h.Dialogue.IsTerminated);
    }

    [Fact]
    public void Retransmission_memory_does_not_delay_termination_but_is_honoured_until_its_deadline()
    {
        var h = new DialogueHarness();
        var message = Request(JsipMethod.Message, 1);
        h.In(message);
        h.Advance(TimeSpan.FromSeconds(1));
        h.Out(FromApp(message, 200));

        Assert.Equal([TimeSpan.FromSeconds(1)], h.Terms);
        Assert.Equal(h.Now + TimeSpan.FromSeconds(5), h.Dialogue.NextDeadline);
        var again = h.In(Request(JsipMethod.Message, 1));
        MessageAssert.IsResponse(JsipMethod.Message, 200, 1, Assert.Single(again.ToPeer));
        Assert.False(again.Terminated);

        h.Advance(TimeSpan.FromSeconds(5));

        Assert.Null(h.Dialogue.NextDeadline);
        Assert.True(h.Dialogue.IsTerminated);
        Assert.Single(h.Terms);
    }

    [Fact]
    public void Dialogue_with_two_transactions_terminates_when_the_last_ends()
    {
        var h = new DialogueHarness();
        var first = Request(JsipMethod.Message, 1);
        var second = Request(JsipMethod.Message, 2);
        h.In(first);
        h.In(second);

        var one = h.Out(FromApp(first, 200));
        var two = h.Out(FromApp(second, 200));

        Assert.False(one.Terminated);
        Assert.True(two.Terminated);
    }

    [Fact]
    public void Stray_request_answered_by_the_stack_alone_does_not_report_termination()
    {
        var h = new DialogueHarness();

        var output = h.In(Request(JsipMethod.Bye, 1));

        Assert.False(output.Terminated);
        Assert.False(h.Dialogue.IsTerminated);
    }

    [Fact]
    public void App_told_481_for_its_update_without_session_is_told_the_dialogue_ended()
    {
        var h = new DialogueHarness();

        var output = h.Out(Request(JsipMethod.Update, 1));

        Assert.Single(output.ToApp);
        Assert.True(output.Terminated);
    }

    [Fact]
    public void Invite_after_termination_starts_a_new_session()
    {
        var h = new DialogueHarness();
        var invite = Invite();
        h.In(invite);
        h.Out(FromApp(invite, 486));
        h.In(Ack(2));
        Assert.True(h.Dialogue.IsTerminated);

        var again = h.In(Invite(3));

        MessageAssert.IsRequest(JsipMethod.Invite, Assert.Single(again.ToApp));
        Assert.Equal(InviteSessionState.Init, h.Dialogue.SessionState);
        Assert.False(h.Dialogue.IsTerminated);
        Assert.False(again.Terminated);
    }

    [Fact]
    public void Session_end_answers_a_pending_reinvite_from_the_peer_487()
    {
        var h = new DialogueHarness();
        var invite = Invite();
        h.In(invite);
        h.Out(FromApp(invite, 200));
        h.In(Ack(2));
        h.In(Invite(3));

        var output = h.In(Request(JsipMethod.Bye, 4));

        Assert.Equal(["BYE_200", "INVITE_487"], MessageAssert.Names(output.ToPeer));
        Assert.Equal(3u, output.ToPeer[1].CSeq);
        Assert.Equal(["BYE"], MessageAssert.Names(output.ToApp));
        Assert.True(output.Terminated);
    }

    [Fact]
    public void Outbound_bye_terminates_when_its_answer_arrives()
    {
        var h = new DialogueHarness();
        var invite = Invite();
        h.In(invite);
        h.Out(FromApp(invite, 200));
        var bye = Request(JsipMethod.Bye, 9);

        var sent = h.Out(bye);
        Assert.False(h.Dialogue.HasSession);
        Assert.False(sent.Terminated);
        var answered = h.In(FromPeer(bye, 200));

        Assert.True(answered.Terminated);
        Assert.Empty(answered.ToApp);
    }

    [Fact]
    public void Messages_of_another_dialogue_are_a_host_bug()
    {
        var dialogue = new Dialogue("d", new StackOptions());
        var message = Request(JsipMethod.Message, 1);

        Assert.Throws<ArgumentException>(() => dialogue.Receive(message, DialogueHarness.Start, new DialogueOutput()));
    }
}
