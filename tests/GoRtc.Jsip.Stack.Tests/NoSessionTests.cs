using GoRtc.Jsip.Stack.Tests.Support;
using static GoRtc.Jsip.Stack.Tests.Support.Messages;

namespace GoRtc.Jsip.Stack.Tests;

/// <summary>Spec §3.1 (with decision 2a): INVITE-family messages on a dialogue without an INVITE session.</summary>
public sealed class NoSessionTests
{
    public static TheoryData<JsipMethod> InDialogueRequests => new()
    {
        JsipMethod.Bye, JsipMethod.Cancel, JsipMethod.Info, JsipMethod.Update, JsipMethod.Prack,
    };

    [Theory]
    [MemberData(nameof(InDialogueRequests))]
    public void Without_session_inbound_bye_cancel_info_update_prack_get_481(JsipMethod method)
    {
        var h = new DialogueHarness();

        var output = h.In(Request(method, 1));

        MessageAssert.IsResponse(method, 481, 1, Assert.Single(output.ToPeer));
        Assert.Empty(output.ToApp);
        Assert.False(output.Terminated);
        Assert.False(h.Dialogue.HasSession);
        Assert.True(h.Dialogue.IsIdle);
    }

    [Fact]
    public void Without_session_a_retransmitted_request_gets_the_same_481()
    {
        var h = new DialogueHarness();
        var first = h.In(Request(JsipMethod.Bye, 1));

        var again = h.In(Request(JsipMethod.Bye, 1));

        Assert.Same(first.ToPeer[0], Assert.Single(again.ToPeer));
    }

    [Fact]
    public void Without_session_inbound_ack_is_dropped_silently()
    {
        var h = new DialogueHarness();

        var output = h.In(Ack(1));

        Assert.Empty(output.ToPeer);
        Assert.Empty(output.ToApp);
        Assert.NotNull(output.Dropped);
        Assert.Null(h.Dialogue.NextDeadline);
    }

    [Theory]
    [InlineData(JsipMethod.Info)]
    [InlineData(JsipMethod.Update)]
    [InlineData(JsipMethod.Prack)]
    public void Without_session_outbound_info_update_prack_give_app_481(JsipMethod method)
    {
        var h = new DialogueHarness();
        var request = Request(method, 0);

        var output = h.Out(request);

        Assert.Empty(output.ToPeer);
        Assert.False(output.IsRejected);
        var response = MessageAssert.IsResponse(method, 481, request.CSeq, Assert.Single(output.ToApp));
        Assert.NotEqual(0u, response.CSeq);
        Assert.Equal(0, h.Dialogue.TransactionCount);
    }

    [Theory]
    [InlineData(JsipMethod.Bye)]
    [InlineData(JsipMethod.Cancel)]
    [InlineData(JsipMethod.Ack)]
    public void Without_session_outbound_bye_cancel_ack_are_rejected_NoSession(JsipMethod method)
    {
        var h = new DialogueHarness();

        var output = h.Out(Request(method, 1));

        Assert.Equal(SendRejection.NoSession, output.Rejection);
        Assert.Empty(output.ToPeer);
        Assert.Empty(output.ToApp);
    }

    [Fact]
    public void Non_invite_family_requests_need_no_session()
    {
        var h = new DialogueHarness();

        var inbound = h.In(Request(JsipMethod.Notify, 1));
        var outbound = h.Out(Request(JsipMethod.Subscribe, 2));

        MessageAssert.IsRequest(JsipMethod.Notify, Assert.Single(inbound.ToApp));
        MessageAssert.IsRequest(JsipMethod.Subscribe, Assert.Single(outbound.ToPeer));
        Assert.False(h.Dialogue.HasSession);
    }

    [Fact]
    public void Responses_to_in_dialogue_requests_still_pass_after_the_session_ended()
    {
        var h = new DialogueHarness();
        var invite = Invite();
        h.In(invite);
        h.Out(FromApp(invite, 200));
        var info = Request(JsipMethod.Info, 5);
        h.Out(info);
        h.In(Request(JsipMethod.Bye, 6));
        Assert.False(h.Dialogue.HasSession);

        var output = h.In(FromPeer(info, 200));

        MessageAssert.IsResponse(JsipMethod.Info, 200, 5, Assert.Single(output.ToApp));
        Assert.True(output.Terminated);
    }
}
