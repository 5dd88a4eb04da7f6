using GoRtc.Jsip.Stack.Tests.Support;
using Xunit;
using static GoRtc.Jsip.Stack.Tests.Support.Messages;

namespace GoRtc.Jsip.Stack.Tests;

/// <summary>An answered session can be persisted at its milestones and continued by another Dialogue object.</summary>
public sealed class EstablishedSessionTests
{
    private static readonly DateTimeOffset T0 = DialogueHarness.Start;

    private static (Dialogue Dialogue, EstablishedSession Saved) AnsweredUas(long expire)
    {
        var h = new DialogueHarness();
        var invite = Invite(1, expire);
        h.In(invite);
        h.Out(FromApp(invite, 200));
        h.In(Ack(2));
        var saved = h.Dialogue.CaptureEstablishedSession();
        Assert.NotNull(saved);
        return (h.Dialogue, saved);
    }

    [Fact]
    public void Session_is_captured_only_when_answered_and_quiet()
    {
        var h = new DialogueHarness();
        var invite = Invite();
        h.In(invite);
        Assert.Null(h.Dialogue.CaptureEstablishedSession()); // INVITE transaction in flight
        h.Out(FromApp(invite, 200));
        var saved = h.Dialogue.CaptureEstablishedSession();
        Assert.NotNull(saved);
        Assert.False(saved.Acked);
        h.In(Ack(2));
        Assert.True(h.Dialogue.CaptureEstablishedSession()!.Acked);
    }

    [Fact]
    public void Restored_session_answers_a_bye_and_ends()
    {
        var (_, saved) = AnsweredUas(600);
        var restored = Dialogue.Restore(DialogueId, new StackOptions(), saved);
        var output = new DialogueOutput();

        restored.Receive(Request(JsipMethod.Bye, 3), T0.AddSeconds(1), output);

        Assert.Equal(200, Assert.Single(output.ToPeer).Code);
        Assert.Equal(JsipMethod.Bye, Assert.Single(output.ToApp).Method);
        Assert.True(output.Terminated);
    }

    [Fact]
    public void Restored_uas_session_keeps_its_expiry_deadline()
    {
        var (_, saved) = AnsweredUas(30);
        var restored = Dialogue.Restore(DialogueId, new StackOptions(), saved);
        Assert.Equal(T0 + TimeSpan.FromSeconds(30), restored.NextDeadline); // T after the answer, not reset by the move

        var output = new DialogueOutput();
        restored.OnTimer(restored.NextDeadline!.Value, output);

        Assert.Equal(JsipMethod.Bye, Assert.Single(output.ToPeer).Method);
        Assert.Equal(JsipMethod.Bye, Assert.Single(output.ToApp).Method);
    }

    [Fact]
    public void Restored_uac_session_goes_on_refreshing()
    {
        var h = new DialogueHarness();
        var invite = Invite(1, 60);
        h.Out(invite);
        h.In(FromPeer(invite, 200));
        h.Out(Ack(2));
        var saved = h.Dialogue.CaptureEstablishedSession()!;
        var restored = Dialogue.Restore(DialogueId, new StackOptions(), saved);
        Assert.Equal(h.Now + TimeSpan.FromSeconds(20), restored.NextDeadline);

        var output = new DialogueOutput();
        restored.OnTimer(restored.NextDeadline!.Value, output);

        var update = Assert.Single(output.ToPeer);
        Assert.Equal(JsipMethod.Update, update.Method);
        Assert.Equal(60, update.Expire);
        Assert.Empty(output.ToApp);
    }
}
