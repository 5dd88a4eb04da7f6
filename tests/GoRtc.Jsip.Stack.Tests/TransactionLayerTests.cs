using GoRtc.Jsip.Stack.Tests.Support;
using static GoRtc.Jsip.Stack.Tests.Support.Messages;

namespace GoRtc.Jsip.Stack.Tests;

/// <summary>Spec §2 as amended: transaction identity, retransmissions, response acceptance, timers.</summary>
public sealed class TransactionLayerTests
{
    [Fact]
    public void Outbound_request_with_cseq_0_gets_a_random_cseq()
    {
        var h = new DialogueHarness();
        var message = Request(JsipMethod.Message, 0);

        var output = h.Out(message);

        Assert.NotEqual(0u, message.CSeq);
        Assert.Same(message, Assert.Single(output.ToPeer));
        Assert.Equal(1, h.Dialogue.TransactionCount);
    }

    [Fact]
    public void Outbound_request_reusing_a_live_cseq_is_rejected_CSeqInUse()
    {
        var h = new DialogueHarness();
        h.Out(Request(JsipMethod.Message, 7));
        h.In(Request(JsipMethod.Options, 8));

        var sameAsOwn = h.Out(Request(JsipMethod.Options, 7));
        var sameAsPeers = h.Out(Request(JsipMethod.Message, 8));

        Assert.Equal(SendRejection.CSeqInUse, sameAsOwn.Rejection);
        Assert.Equal(SendRejection.CSeqInUse, sameAsPeers.Rejection);
        Assert.NotNull(sameAsPeers.RejectionDetail);
        Assert.Empty(sameAsOwn.ToPeer);
        Assert.Empty(sameAsPeers.ToPeer);
    }

    [Fact]
    public void Ack_never_creates_a_transaction_and_may_reuse_the_invite_cseq()
    {
        var h = new DialogueHarness();
        var invite = Invite(5);
        h.Out(invite);
        h.In(FromPeer(invite, 200));

        var output = h.Out(Ack(5));

        Assert.False(output.IsRejected);
        MessageAssert.IsRequest(JsipMethod.Ack, Assert.Single(output.ToPeer));
        Assert.Equal(0, h.Dialogue.TransactionCount);
    }

    [Fact]
    public void Outbound_response_without_transaction_is_rejected_NoTransaction()
    {
        var h = new DialogueHarness();

        var output = h.Out(FromApp(Request(JsipMethod.Message, 3), 200));

        Assert.Equal(SendRejection.NoTransaction, output.Rejection);
        Assert.Empty(output.ToPeer);
    }

    [Fact]
    public void Outbound_second_final_response_is_rejected_UnexpectedResponse()
    {
        var h = new DialogueHarness();
        var message = Request(JsipMethod.Message, 1);
        h.In(message);
        h.Out(FromApp(message, 200));

        var output = h.Out(FromApp(message, 486));

        Assert.Equal(SendRejection.UnexpectedResponse, output.Rejection);
        Assert.Empty(output.ToPeer);
    }

    [Fact]
    public void Outbound_provisional_after_final_is_rejected_UnexpectedResponse()
    {
        var h = new DialogueHarness();
        var message = Request(JsipMethod.Message, 1);
        h.In(message);
        h.Out(FromApp(message, 404));

        var output = h.Out(FromApp(message, 180));

        Assert.Equal(SendRejection.UnexpectedResponse, output.Rejection);
    }

    [Fact]
    public void Outbound_response_to_own_request_is_rejected_UnexpectedResponse()
    {
        var h = new DialogueHarness();
        var message = Request(JsipMethod.Message, 1);
        h.Out(message);

        var output = h.Out(FromApp(message, 200));

        Assert.Equal(SendRejection.UnexpectedResponse, output.Rejection);
    }

    [Fact]
    public void Outbound_response_of_another_method_is_rejected_UnexpectedResponse()
    {
        var h = new DialogueHarness();
        h.In(Request(JsipMethod.Message, 1));

        var output = h.Out(FromApp(Request(JsipMethod.Options, 1), 200));

        Assert.Equal(SendRejection.UnexpectedResponse, output.Rejection);
    }

    [Fact]
    public void Outbound_response_gets_method_from_and_to_of_its_request()
    {
        var h = new DialogueHarness();
        h.In(Request(JsipMethod.Message, 1));
        var response = new JsipMessage { Code = 200, CSeq = 1, DialogueId = DialogueId };

        var output = h.Out(response);

        Assert.False(output.IsRejected);
        Assert.Equal((JsipMethod.Message, "Alex@gortc.com", "Bob@gortc.com"), (response.Method, response.From, response.To));
    }

    [Theory]
    [InlineData("", "Bob", "x", "no Request-URI")]
    [InlineData("uri", "", "x", "no From")]
    [InlineData("uri", "Bob", "", "no To")]
    public void Outbound_request_without_mandatory_header_is_rejected_Invalid(string uri, string from, string to, string detail)
    {
        var h = new DialogueHarness();
        var request = new JsipMessage { Method = JsipMethod.Message, RequestUri = uri, From = from, To = to, DialogueId = DialogueId };

        var output = h.Out(request);

        Assert.Equal(SendRejection.Invalid, output.Rejection);
        Assert.Equal(detail, output.RejectionDetail);
    }

    [Fact]
    public void Outbound_message_of_another_dialogue_is_rejected_Invalid()
    {
        var h = new DialogueHarness();
        var request = Request(JsipMethod.Message, 1);
        request.DialogueId = "other";

        Assert.Equal(SendRejection.Invalid, h.Out(request).Rejection);
    }

    [Fact]
    public void Outbound_response_with_code_outside_100_699_is_rejected_Invalid()
    {
        var h = new DialogueHarness();
        h.In(Request(JsipMethod.Message, 1));

        var output = h.Out(new JsipMessage { Code = 700, CSeq = 1, DialogueId = DialogueId });

        Assert.Equal(SendRejection.Invalid, output.Rejection);
    }

    [Fact]
    public void Retransmitted_request_gets_last_response_again()
    {
        var h = new DialogueHarness();
        var message = Request(JsipMethod.Message, 1);
        h.In(message);
        var ringing = FromApp(message, 180);
        h.Out(ringing);

        var first = h.In(Request(JsipMethod.Message, 1));
        var ok = FromApp(message, 200);
        h.Out(ok);
        var second = h.In(Request(JsipMethod.Message, 1));

        Assert.Same(ringing, Assert.Single(first.ToPeer));
        Assert.Same(ok, Assert.Single(second.ToPeer));
        Assert.Empty(first.ToApp);
        Assert.Empty(second.ToApp);
        Assert.Single(h.App);
        Assert.NotNull(second.Dropped);
    }

    [Fact]
    public void Retransmitted_request_before_any_response_is_absorbed()
    {
        var h = new DialogueHarness();
        h.In(Request(JsipMethod.Message, 1));

        var output = h.In(Request(JsipMethod.Message, 1));

        Assert.Empty(output.ToPeer);
        Assert.Empty(output.ToApp);
        Assert.Contains("retransmission", output.Dropped);
    }

    [Fact]
    public void Retransmission_is_recognised_for_transtimer_after_completion_only()
    {
        var h = new DialogueHarness();
        var message = Request(JsipMethod.Message, 1);
        h.In(message);
        h.Out(FromApp(message, 200));

        h.Advance(TimeSpan.FromSeconds(4.9));
        var within = h.In(Request(JsipMethod.Message, 1));
        h.Advance(TimeSpan.FromSeconds(0.2));
        var after = h.In(Request(JsipMethod.Message, 1));

        MessageAssert.IsResponse(JsipMethod.Message, 200, 1, Assert.Single(within.ToPeer));
        Assert.Empty(within.ToApp);
        MessageAssert.IsRequest(JsipMethod.Message, Assert.Single(after.ToApp));
        Assert.Empty(after.ToPeer);
    }

    [Fact]
    public void Request_with_the_cseq_of_a_live_request_of_another_method_is_dropped()
    {
        var h = new DialogueHarness();
        h.In(Request(JsipMethod.Message, 1));

        var output = h.In(Request(JsipMethod.Options, 1));

        Assert.Empty(output.ToPeer);
        Assert.Empty(output.ToApp);
        Assert.NotNull(output.Dropped);
    }

    [Fact]
    public void Different_request_reusing_the_cseq_of_a_completed_transaction_is_a_new_request()
    {
        // Only the same request again is a retransmission; JSIP clients (and the reference's own scripts) reuse
        // DialogueID and CSeq once a transaction has ended.
        var h = new DialogueHarness();
        var message = Request(JsipMethod.Message, 1);
        h.In(message);
        h.Out(FromApp(message, 200));

        var output = h.In(Request(JsipMethod.Options, 1));

        Assert.Empty(output.ToPeer);
        var delivered = Assert.Single(output.ToApp);
        Assert.Equal(JsipMethod.Options, delivered.Method);
        Assert.Null(output.Dropped);
    }

    [Fact]
    public void Request_with_the_cseq_of_a_client_transaction_is_dropped()
    {
        var h = new DialogueHarness();
        h.Out(Request(JsipMethod.Message, 1));

        var output = h.In(Request(JsipMethod.Message, 1));

        Assert.Empty(output.ToPeer);
        Assert.Empty(output.ToApp);
        Assert.Contains("collides", output.Dropped);
    }

    [Fact]
    public void Response_without_client_transaction_is_dropped()
    {
        var h = new DialogueHarness();

        var output = h.In(FromPeer(Request(JsipMethod.Message, 9), 200));

        Assert.Empty(output.ToApp);
        Assert.NotNull(output.Dropped);
    }

    [Fact]
    public void Response_matching_a_request_from_the_peer_is_dropped()
    {
        var h = new DialogueHarness();
        var message = Request(JsipMethod.Message, 1);
        h.In(message);

        var output = h.In(FromPeer(message, 200));

        Assert.Empty(output.ToApp);
        Assert.Empty(output.ToPeer);
        Assert.NotNull(output.Dropped);
        Assert.Equal(1, h.Dialogue.TransactionCount);
    }

    [Fact]
    public void Inbound_response_takes_the_method_of_its_request()
    {
        var h = new DialogueHarness();
        var message = Request(JsipMethod.Message, 1);
        h.Out(message);
        var response = FromPeer(message, 200);

        var output = h.In(response);

        Assert.Same(response, Assert.Single(output.ToApp));
        Assert.Equal(JsipMethod.Message, response.Method);
        Assert.Equal(0, h.Dialogue.TransactionCount);
    }

    [Fact]
    public void Inbound_response_after_the_final_is_dropped()
    {
        var h = new DialogueHarness();
        var message = Request(JsipMethod.Message, 1);
        h.Out(message);
        h.In(FromPeer(message, 200));

        var output = h.In(FromPeer(message, 200));

        Assert.Empty(output.ToApp);
        Assert.NotNull(output.Dropped);
    }

    [Fact]
    public void Unanswered_inbound_message_gets_408_at_transtimer()
    {
        var h = new DialogueHarness();
        h.In(Request(JsipMethod.Message, 1));

        h.Advance(TimeSpan.FromSeconds(4.999));
        Assert.Empty(h.Peer);
        h.Advance(TimeSpan.FromSeconds(0.001));

        var (at, timeout) = Assert.Single(h.Peer);
        Assert.Equal(TimeSpan.FromSeconds(5), at);
        MessageAssert.IsResponse(JsipMethod.Message, 408, 1, timeout);
        Assert.Equal([TimeSpan.FromSeconds(5)], h.Terms);
    }

    [Fact]
    public void Inbound_message_answered_1xx_gets_408_at_prtimer()
    {
        var h = new DialogueHarness();
        var message = Request(JsipMethod.Message, 1);
        h.In(message);
        h.Advance(TimeSpan.FromSeconds(1));
        h.Out(FromApp(message, 180));

        h.Advance(TimeSpan.FromSeconds(70));

        Assert.Equal(TimeSpan.FromSeconds(61), h.Peer[^1].At);
        MessageAssert.IsResponse(JsipMethod.Message, 408, 1, h.LastToPeer);
    }

    [Fact]
    public void Unanswered_outbound_message_gives_app_408_at_transtimer()
    {
        var h = new DialogueHarness();
        h.Out(Request(JsipMethod.Message, 1));

        h.Advance(TimeSpan.FromSeconds(10));

        var (at, timeout) = Assert.Single(h.App);
        Assert.Equal(TimeSpan.FromSeconds(5), at);
        MessageAssert.IsResponse(JsipMethod.Message, 408, 1, timeout);
        Assert.Equal([TimeSpan.FromSeconds(5)], h.Terms);
    }

    [Fact]
    public void Each_provisional_restarts_a_non_invite_transaction_at_prtimer()
    {
        var h = new DialogueHarness();
        var message = Request(JsipMethod.Message, 1);
        h.Out(message);
        h.Advance(TimeSpan.FromSeconds(4));
        h.In(FromPeer(message, 180));
        h.Advance(TimeSpan.FromSeconds(50));
        h.In(FromPeer(message, 183));

        h.Advance(TimeSpan.FromSeconds(100));

        Assert.Equal(["MESSAGE_180", "MESSAGE_183", "MESSAGE_408"], MessageAssert.Names(h.App));
        Assert.Equal(TimeSpan.FromSeconds(114), h.App[^1].At);
    }

    [Fact]
    public void Response_handled_before_the_hosts_late_timer_call_wins_and_the_timer_does_nothing()
    {
        var h = new DialogueHarness();
        var message = Request(JsipMethod.Message, 1);
        h.Out(message);

        // The host is late: the deadline (5 s) has passed but OnTimer has not run yet when the answer arrives.
        h.AdvanceTo(DialogueHarness.Start + TimeSpan.FromSeconds(4));
        var late = new DialogueOutput();
        h.Dialogue.Receive(FromPeer(message, 200), DialogueHarness.Start + TimeSpan.FromSeconds(6), late);
        var timer = new DialogueOutput();
        h.Dialogue.OnTimer(DialogueHarness.Start + TimeSpan.FromSeconds(6), timer);

        MessageAssert.IsResponse(JsipMethod.Message, 200, 1, Assert.Single(late.ToApp));
        Assert.True(late.Terminated);
        Assert.Empty(timer.ToApp);
        Assert.False(timer.Terminated);
    }

    [Fact]
    public void Outbound_bye_and_cancel_time_out_silently()
    {
        var h = new DialogueHarness();
        var invite = Invite();
        h.Out(invite);
        h.Out(invite.CreateCancel());

        h.Advance(TimeSpan.FromSeconds(6));

        Assert.Empty(h.App);
        Assert.Equal(1, h.Dialogue.TransactionCount); // the INVITE
    }

    [Fact]
    public void Responses_to_outbound_bye_are_swallowed()
    {
        var h = new DialogueHarness();
        var invite = Invite();
        h.Out(invite);
        h.In(FromPeer(invite, 200));
        var bye = invite.CreateBye();
        h.Out(bye);

        var trying = h.In(FromPeer(bye, 100));
        var ok = h.In(FromPeer(bye, 200));

        Assert.Empty(trying.ToApp);
        Assert.Empty(ok.ToApp);
        Assert.Null(ok.Dropped);
        Assert.True(ok.Terminated);
    }

    [Fact]
    public void Responses_to_outbound_cancel_are_swallowed()
    {
        var h = new DialogueHarness();
        var invite = Invite();
        h.Out(invite);
        var cancel = invite.CreateCancel();
        h.Out(cancel);

        var output = h.In(FromPeer(cancel, 200));

        Assert.Empty(output.ToApp);
        Assert.Null(output.Dropped);
    }

    [Fact]
    public void Unanswered_outbound_reinvite_gives_app_408_and_peer_cancel_at_twice_prtimer_after_last_provisional()
    {
        var h = new DialogueHarness();
        var invite = Invite(1, expire: 0);
        h.In(invite);
        h.Out(FromApp(invite, 200));
        h.In(Ack(2));
        var reinvite = Invite(3);
        h.Out(reinvite);
        h.Advance(TimeSpan.FromSeconds(100));
        h.In(FromPeer(reinvite, 180));

        h.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(["INVITE", "ACK"], MessageAssert.Names(h.App));
        h.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromSeconds(220), h.App[^1].At);
        MessageAssert.IsResponse(JsipMethod.Invite, 408, 3, h.LastToApp);
        var cancel = MessageAssert.IsRequest(JsipMethod.Cancel, h.LastToPeer);
        Assert.Equal(3u, cancel.RelatedId);
        Assert.Equal(InviteSessionState.Acked, h.Dialogue.SessionState);
    }

    [Fact]
    public void Live_transactions_are_listed_in_creation_order_with_method_cseq_role_and_state()
    {
        var h = new DialogueHarness();
        var invite = Invite(1);
        h.In(invite);
        var message = Request(JsipMethod.Message, 7);
        h.Out(message);
        h.Out(FromApp(invite, 180));

        Assert.Equal(
            [
                new TransactionSummary(JsipMethod.Invite, 1, TransactionRole.Server, TransactionState.Provisional, h.Now + TimeSpan.FromSeconds(120)),
                new TransactionSummary(JsipMethod.Message, 7, TransactionRole.Client, TransactionState.Init, h.Now + TimeSpan.FromSeconds(5)),
            ],
            h.Dialogue.Transactions);
        Assert.Equal(InviteSessionState.Early, h.Dialogue.SessionState);

        h.In(FromPeer(message, 200));
        h.Out(FromApp(invite, 200));

        Assert.Empty(h.Dialogue.Transactions);
        Assert.Equal(0, h.Dialogue.TransactionCount);
        Assert.Equal(InviteSessionState.Confirmed, h.Dialogue.SessionState);
    }
}
