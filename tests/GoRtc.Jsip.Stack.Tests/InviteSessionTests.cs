using GoRtc.Jsip.Stack.Tests.Support;
using static GoRtc.Jsip.Stack.Tests.Support.Flows;
using static GoRtc.Jsip.Stack.Tests.Support.Messages;

namespace GoRtc.Jsip.Stack.Tests;

/// <summary>Spec §3.2-3.3 as amended: session creation and the state table.</summary>
public sealed class InviteSessionTests
{
    // ---- creation (§3.2) ----

    [Fact]
    public void Inbound_invite_without_expire_reaches_the_app_with_the_sessiontimer_expire()
    {
        var h = new DialogueHarness();

        var output = h.In(Invite());

        Assert.Equal(600, Assert.Single(output.ToApp).Expire);
        Assert.Equal(InviteSessionState.Init, h.Dialogue.SessionState);
    }

    [Fact]
    public void Outbound_invite_without_expire_goes_out_with_the_sessiontimer_expire()
    {
        var h = new DialogueHarness(new StackOptions { SessionTimer = TimeSpan.FromSeconds(90) });

        var output = h.Out(Invite());

        Assert.Equal(90, Assert.Single(output.ToPeer).Expire);
    }

    [Fact]
    public void Invite_with_expire_keeps_it()
    {
        var h = new DialogueHarness();

        var output = h.In(Invite(1, expire: 10));

        Assert.Equal(10, Assert.Single(output.ToApp).Expire);
    }

    [Fact]
    public void Reinvite_expire_is_ignored()
    {
        var h = new DialogueHarness();
        UasAcked(h, expire: 10);
        var reinvite = Invite(3, expire: 1000);
        h.In(reinvite);
        h.Out(FromApp(reinvite, 200));
        h.In(Ack(4));

        h.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(TimeSpan.FromSeconds(10), h.App[^1].At);
        MessageAssert.IsRequest(JsipMethod.Bye, h.LastToApp);
    }

    [Fact]
    public void Outbound_invite_while_a_session_exists_is_a_reinvite()
    {
        var h = new DialogueHarness();
        UasAcked(h);
        var reinvite = Invite(5);

        var output = h.Out(reinvite);

        Assert.Same(reinvite, Assert.Single(output.ToPeer));
        Assert.Null(reinvite.Expire);
        Assert.Equal(InviteSessionState.Reinvite, h.Dialogue.SessionState);
    }

    // ---- INVITE responses before the answer ----

    [Fact]
    public void Hundred_trying_to_invite_is_swallowed_both_ways()
    {
        var uas = new DialogueHarness();
        var received = UasInit(uas);
        var sent = uas.Out(FromApp(received, 100));

        var uac = new DialogueHarness();
        var invite = UacInit(uac);
        var got = uac.In(FromPeer(invite, 100));

        Assert.False(sent.IsRejected);
        Assert.Empty(sent.ToPeer);
        Assert.Empty(got.ToApp);
        Assert.Null(got.Dropped);
        Assert.Equal(InviteSessionState.Init, uas.Dialogue.SessionState);
        Assert.Equal(InviteSessionState.Init, uac.Dialogue.SessionState);
    }

    [Fact]
    public void Provisional_response_passes_and_moves_to_early()
    {
        var uas = new DialogueHarness();
        var sent = uas.Out(FromApp(UasInit(uas), 180));

        var uac = new DialogueHarness();
        var got = uac.In(FromPeer(UacInit(uac), 183));

        MessageAssert.IsResponse(JsipMethod.Invite, 180, 1, Assert.Single(sent.ToPeer));
        MessageAssert.IsResponse(JsipMethod.Invite, 183, 1, Assert.Single(got.ToApp));
        Assert.Equal(InviteSessionState.Early, uas.Dialogue.SessionState);
        Assert.Equal(InviteSessionState.Early, uac.Dialogue.SessionState);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(202)]
    [InlineData(299)]
    public void Any_2xx_answers_the_invite(int code)
    {
        var uas = new DialogueHarness();
        var sent = uas.Out(FromApp(UasEarly(uas), code));

        var uac = new DialogueHarness();
        var got = uac.In(FromPeer(UacEarly(uac), code));

        Assert.Single(sent.ToPeer);
        Assert.Single(got.ToApp);
        Assert.Empty(got.ToPeer);
        Assert.Equal(InviteSessionState.Confirmed, uas.Dialogue.SessionState);
        Assert.Equal(InviteSessionState.Confirmed, uac.Dialogue.SessionState);
    }

    [Theory]
    [InlineData(302)]
    [InlineData(486)]
    [InlineData(503)]
    [InlineData(603)]
    public void Error_final_from_the_peer_is_acked_by_the_stack_and_ends_the_session(int code)
    {
        var h = new DialogueHarness();
        var invite = UacEarly(h);

        var output = h.In(FromPeer(invite, code));

        var ack = MessageAssert.IsRequest(JsipMethod.Ack, Assert.Single(output.ToPeer));
        Assert.Equal(1u, ack.RelatedId);
        Assert.NotEqual(0u, ack.CSeq);
        MessageAssert.IsResponse(JsipMethod.Invite, code, 1, Assert.Single(output.ToApp));
        Assert.True(output.Terminated);
        Assert.False(h.Dialogue.HasSession);
    }

    [Fact]
    public void Error_final_from_the_app_waits_for_the_peers_ack_which_is_swallowed()
    {
        var h = new DialogueHarness();
        var invite = UasEarly(h);

        var refused = h.Out(FromApp(invite, 486));
        Assert.Equal(InviteSessionState.Error, h.Dialogue.SessionState);
        Assert.False(refused.Terminated);
        var acked = h.In(Ack(2));

        Assert.Empty(acked.ToApp);
        Assert.Null(acked.Dropped);
        Assert.True(acked.Terminated);
    }

    [Fact]
    public void Error_state_ends_at_transtimer_without_ack()
    {
        var h = new DialogueHarness();
        h.Out(FromApp(UasInit(h), 404));

        h.Advance(TimeSpan.FromSeconds(4.9));
        Assert.True(h.Dialogue.HasSession);
        h.Advance(TimeSpan.FromSeconds(0.1));

        Assert.False(h.Dialogue.HasSession);
        Assert.Equal([TimeSpan.FromSeconds(5)], h.Terms);
        var late = h.In(Ack(2));
        Assert.Empty(late.ToApp);
    }

    // ---- CANCEL ----

    [Theory]
    [InlineData(InviteSessionState.Init)]
    [InlineData(InviteSessionState.Early)]
    [InlineData(InviteSessionState.Prack)]
    [InlineData(InviteSessionState.Update)]
    public void Cancel_of_pending_invite_answers_200_then_487(InviteSessionState state)
    {
        var h = new DialogueHarness();
        UasTo(h, state);

        var output = h.In(Request(JsipMethod.Cancel, 2));

        Assert.Equal(["CANCEL_200", "INVITE_487"], MessageAssert.Names(output.ToPeer));
        Assert.Equal([2u, 1u], output.ToPeer.Select(m => m.CSeq));
        MessageAssert.IsRequest(JsipMethod.Cancel, Assert.Single(output.ToApp));
        Assert.Equal(InviteSessionState.Error, h.Dialogue.SessionState);
        var ack = h.In(Ack(3));
        Assert.Empty(ack.ToApp);
        Assert.False(h.Dialogue.HasSession);
    }

    [Theory]
    [InlineData(InviteSessionState.Confirmed)]
    [InlineData(InviteSessionState.Acked)]
    [InlineData(InviteSessionState.Error)]
    public void Cancel_with_nothing_to_cancel_is_answered_200_without_effect(InviteSessionState state)
    {
        var h = new DialogueHarness();
        UasTo(h, state);

        var output = h.In(Request(JsipMethod.Cancel, 20));

        MessageAssert.IsResponse(JsipMethod.Cancel, 200, 20, Assert.Single(output.ToPeer));
        Assert.Empty(output.ToApp);
        Assert.Equal(state, h.Dialogue.SessionState);
    }

    [Fact]
    public void Cancel_from_the_peer_of_an_invite_it_never_sent_gets_481()
    {
        var h = new DialogueHarness();
        UacEarly(h);

        var output = h.In(Request(JsipMethod.Cancel, 20));

        MessageAssert.IsResponse(JsipMethod.Cancel, 481, 20, Assert.Single(output.ToPeer));
        Assert.Empty(output.ToApp);
        Assert.Equal(InviteSessionState.Early, h.Dialogue.SessionState);
    }

    [Fact]
    public void Outbound_cancel_marks_the_invite_cancelled_and_the_peers_487_is_acked_and_passed()
    {
        var h = new DialogueHarness();
        var invite = UacEarly(h);
        var cancel = invite.CreateCancel();

        var sent = h.Out(cancel);
        var stateAfterCancel = h.Dialogue.SessionState;
        var cancelOk = h.In(FromPeer(cancel, 200));
        var terminated = h.In(FromPeer(invite, 487));

        Assert.Same(cancel, Assert.Single(sent.ToPeer));
        Assert.Equal(InviteSessionState.Early, stateAfterCancel);
        Assert.Empty(cancelOk.ToApp);
        MessageAssert.IsRequest(JsipMethod.Ack, Assert.Single(terminated.ToPeer));
        MessageAssert.IsResponse(JsipMethod.Invite, 487, 1, Assert.Single(terminated.ToApp));
        Assert.True(terminated.Terminated);
    }

    [Fact]
    public void Provisional_after_cancel_is_swallowed()
    {
        var h = new DialogueHarness();
        var invite = UacInit(h);
        h.Out(invite.CreateCancel());

        var output = h.In(FromPeer(invite, 180));

        Assert.Empty(output.ToApp);
        Assert.Equal(InviteSessionState.Init, h.Dialogue.SessionState);
    }

    [Fact]
    public void Outbound_cancel_after_the_final_is_rejected_NotAllowedInState()
    {
        var h = new DialogueHarness();
        var invite = UacConfirmed(h);

        var output = h.Out(invite.CreateCancel());

        Assert.Equal(SendRejection.NotAllowedInState, output.Rejection);
        Assert.Contains("CANCEL not allowed in CONFIRMED", output.RejectionDetail);
    }

    [Fact]
    public void Second_outbound_cancel_is_rejected_NotAllowedInState()
    {
        var h = new DialogueHarness();
        var invite = UacEarly(h);
        h.Out(invite.CreateCancel());

        var output = h.Out(invite.CreateCancel());

        Assert.Equal(SendRejection.NotAllowedInState, output.Rejection);
    }

    [Fact]
    public void Outbound_cancel_of_the_peers_invite_is_rejected_NotAllowedInState()
    {
        var h = new DialogueHarness();
        var invite = UasEarly(h);

        var output = h.Out(invite.CreateCancel());

        Assert.Equal(SendRejection.NotAllowedInState, output.Rejection);
        Assert.Empty(output.ToPeer);
    }

    [Fact]
    public void Late_2xx_after_cancel_is_acked_and_hung_up_with_bye()
    {
        var h = new DialogueHarness();
        var invite = UacEarly(h);
        var cancel = invite.CreateCancel();
        h.Out(cancel);
        h.In(FromPeer(cancel, 200));

        var output = h.In(FromPeer(invite, 200));

        Assert.Equal(["ACK", "BYE"], MessageAssert.Names(output.ToPeer));
        Assert.Equal(1u, output.ToPeer[0].RelatedId);
        MessageAssert.IsResponse(JsipMethod.Invite, 487, 1, Assert.Single(output.ToApp));
        Assert.False(h.Dialogue.HasSession);
        var byeOk = h.In(FromPeer(output.ToPeer[1], 200));
        Assert.Empty(byeOk.ToApp);
        Assert.True(byeOk.Terminated);
    }

    // ---- PRACK and early UPDATE ----

    [Fact]
    public void Prack_in_early_moves_to_prack_and_its_2xx_back_to_early()
    {
        var h = new DialogueHarness();
        UasEarly(h);
        var prack = Request(JsipMethod.Prack, 2);

        var received = h.In(prack);
        Assert.Equal(InviteSessionState.Prack, h.Dialogue.SessionState);
        var answered = h.Out(FromApp(prack, 200));

        Assert.Same(prack, Assert.Single(received.ToApp));
        MessageAssert.IsResponse(JsipMethod.Prack, 200, 2, Assert.Single(answered.ToPeer));
        Assert.Equal(InviteSessionState.Early, h.Dialogue.SessionState);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(500)]
    public void Prack_error_response_is_passed_and_returns_to_early(int code)
    {
        var h = new DialogueHarness();
        UacEarly(h);
        var prack = Request(JsipMethod.Prack, 2);
        h.Out(prack);

        var output = h.In(FromPeer(prack, code));

        MessageAssert.IsResponse(JsipMethod.Prack, code, 2, Assert.Single(output.ToApp));
        Assert.Equal(InviteSessionState.Early, h.Dialogue.SessionState);
    }

    [Fact]
    public void Provisional_response_to_prack_is_dropped()
    {
        var uas = new DialogueHarness();
        UasEarly(uas);
        var received = Request(JsipMethod.Prack, 2);
        uas.In(received);
        var sent = uas.Out(FromApp(received, 180));

        var uac = new DialogueHarness();
        UacEarly(uac);
        var prack = Request(JsipMethod.Prack, 2);
        uac.Out(prack);
        var got = uac.In(FromPeer(prack, 180));

        Assert.Equal(SendRejection.NotAllowedInState, sent.Rejection);
        Assert.Empty(got.ToApp);
        Assert.NotNull(got.Dropped);
        Assert.Equal(InviteSessionState.Prack, uas.Dialogue.SessionState);
        Assert.Equal(InviteSessionState.Prack, uac.Dialogue.SessionState);
    }

    [Fact]
    public void Prack_against_the_invite_direction_is_refused()
    {
        var uas = new DialogueHarness();
        UasEarly(uas);
        var sent = uas.Out(Request(JsipMethod.Prack, 2));

        var uac = new DialogueHarness();
        UacEarly(uac);
        var got = uac.In(Request(JsipMethod.Prack, 2));

        Assert.Equal(SendRejection.NotAllowedInState, sent.Rejection);
        var refusal = MessageAssert.IsResponse(JsipMethod.Prack, 400, 2, Assert.Single(got.ToPeer));
        Assert.Equal("PRACK not allowed in EARLY", refusal.GetString(JsipHeaderNames.Reason));
        Assert.Empty(got.ToApp);
    }

    [Fact]
    public void Prack_before_a_provisional_gets_400()
    {
        var h = new DialogueHarness();
        UasInit(h);

        var output = h.In(Request(JsipMethod.Prack, 2));

        var refusal = MessageAssert.IsResponse(JsipMethod.Prack, 400, 2, Assert.Single(output.ToPeer));
        Assert.Equal("PRACK not allowed in INIT", refusal.GetString(JsipHeaderNames.Reason));
    }

    [Fact]
    public void Early_update_from_the_peer_moves_to_update_and_its_answer_back_to_early()
    {
        var h = new DialogueHarness();
        UacEarly(h);
        var update = Request(JsipMethod.Update, 3);

        var received = h.In(update);
        Assert.Equal(InviteSessionState.Update, h.Dialogue.SessionState);
        var answered = h.Out(FromApp(update, 200));

        Assert.Same(update, Assert.Single(received.ToApp));
        Assert.Single(answered.ToPeer);
        Assert.Equal(InviteSessionState.Early, h.Dialogue.SessionState);
    }

    [Fact]
    public void Early_update_from_the_app_moves_to_update_and_its_error_answer_is_passed()
    {
        var h = new DialogueHarness();
        UasEarly(h);
        var update = Request(JsipMethod.Update, 3);

        var sent = h.Out(update);
        Assert.Equal(InviteSessionState.Update, h.Dialogue.SessionState);
        var answered = h.In(FromPeer(update, 488));

        Assert.Same(update, Assert.Single(sent.ToPeer));
        MessageAssert.IsResponse(JsipMethod.Update, 488, 3, Assert.Single(answered.ToApp));
        Assert.Equal(InviteSessionState.Early, h.Dialogue.SessionState);
    }

    [Fact]
    public void Update_while_prack_pending_gets_491()
    {
        var h = new DialogueHarness();
        UasTo(h, InviteSessionState.Prack);

        var output = h.In(Request(JsipMethod.Update, 3));

        var refusal = MessageAssert.IsResponse(JsipMethod.Update, 491, 3, Assert.Single(output.ToPeer));
        Assert.Equal("UPDATE not allowed in PRACK", refusal.GetString(JsipHeaderNames.Reason));
    }

    [Theory]
    [InlineData(InviteSessionState.Prack, 200, InviteSessionState.Confirmed)]
    [InlineData(InviteSessionState.Update, 200, InviteSessionState.Confirmed)]
    [InlineData(InviteSessionState.Prack, 480, InviteSessionState.Error)]
    public void Invite_final_from_the_app_while_prack_or_update_pending_is_processed_as_in_early(
        InviteSessionState state, int code, InviteSessionState after)
    {
        var h = new DialogueHarness();
        UasTo(h, state);

        var output = h.Out(FromApp(Invite(1), code));

        Assert.False(output.IsRejected);
        MessageAssert.IsResponse(JsipMethod.Invite, code, 1, Assert.Single(output.ToPeer));
        Assert.Equal(after, h.Dialogue.SessionState);
    }

    [Fact]
    public void Invite_final_from_the_peer_while_update_pending_is_processed_as_in_early()
    {
        var h = new DialogueHarness();
        var invite = UacEarly(h);
        var update = Request(JsipMethod.Update, 3);
        h.Out(update);

        var answered = h.In(FromPeer(invite, 200));
        var updateOk = h.In(FromPeer(update, 200));

        MessageAssert.IsResponse(JsipMethod.Invite, 200, 1, Assert.Single(answered.ToApp));
        Assert.Equal(InviteSessionState.Confirmed, h.Dialogue.SessionState);
        MessageAssert.IsResponse(JsipMethod.Update, 200, 3, Assert.Single(updateOk.ToApp));
    }

    [Fact]
    public void Provisional_while_prack_pending_is_refused()
    {
        var h = new DialogueHarness();
        UasTo(h, InviteSessionState.Prack);

        var output = h.Out(FromApp(Invite(1), 183));

        Assert.Equal(SendRejection.NotAllowedInState, output.Rejection);
        Assert.Equal("INVITE_183 not allowed in PRACK", output.RejectionDetail);
    }

    // ---- BYE ----

    [Theory]
    [InlineData(InviteSessionState.Confirmed)]
    [InlineData(InviteSessionState.Acked)]
    [InlineData(InviteSessionState.Reinvite)]
    [InlineData(InviteSessionState.ReinviteAnswered)]
    public void Bye_from_the_peer_after_the_answer_is_answered_200_and_ends_the_session(InviteSessionState state)
    {
        var h = new DialogueHarness();
        UasTo(h, state);

        var output = h.In(Request(JsipMethod.Bye, 30));

        MessageAssert.IsResponse(JsipMethod.Bye, 200, 30, output.ToPeer[0]);
        MessageAssert.IsRequest(JsipMethod.Bye, Assert.Single(output.ToApp));
        Assert.False(h.Dialogue.HasSession);
        Assert.True(output.Terminated);
    }

    [Fact]
    public void Bye_from_the_app_ends_the_session_and_the_peers_200_is_swallowed()
    {
        var h = new DialogueHarness();
        var invite = UacAcked(h);
        var bye = invite.CreateBye();

        var sent = h.Out(bye);
        var answered = h.In(FromPeer(bye, 200));

        Assert.Same(bye, Assert.Single(sent.ToPeer));
        Assert.False(h.Dialogue.HasSession);
        Assert.Empty(answered.ToApp);
        Assert.True(answered.Terminated);
    }

    [Fact]
    public void Bye_before_the_answer_is_refused()
    {
        var uas = new DialogueHarness();
        UasEarly(uas);
        var inbound = uas.In(Request(JsipMethod.Bye, 5));

        var uac = new DialogueHarness();
        UacEarly(uac);
        var outbound = uac.Out(Request(JsipMethod.Bye, 5));

        var refusal = MessageAssert.IsResponse(JsipMethod.Bye, 400, 5, Assert.Single(inbound.ToPeer));
        Assert.Equal("BYE not allowed in EARLY", refusal.GetString(JsipHeaderNames.Reason));
        Assert.Empty(inbound.ToApp);
        Assert.Equal(SendRejection.NotAllowedInState, outbound.Rejection);
        Assert.Equal("BYE not allowed in EARLY: CANCEL the INVITE", outbound.RejectionDetail);
        Assert.Equal(InviteSessionState.Early, uac.Dialogue.SessionState);
    }

    // ---- ACK ----

    [Fact]
    public void Ack_in_the_direction_of_the_latest_invite_moves_to_acked()
    {
        var uas = new DialogueHarness();
        UasConfirmed(uas);
        var received = uas.In(Ack(2));

        var uac = new DialogueHarness();
        UacConfirmed(uac);
        var sent = uac.Out(Ack(2));

        MessageAssert.IsRequest(JsipMethod.Ack, Assert.Single(received.ToApp));
        MessageAssert.IsRequest(JsipMethod.Ack, Assert.Single(sent.ToPeer));
        Assert.Equal(InviteSessionState.Acked, uas.Dialogue.SessionState);
        Assert.Equal(InviteSessionState.Acked, uac.Dialogue.SessionState);
    }

    [Fact]
    public void Ack_in_the_wrong_direction_is_refused()
    {
        var uas = new DialogueHarness();
        UasConfirmed(uas);
        var sent = uas.Out(Ack(2));

        var uac = new DialogueHarness();
        UacConfirmed(uac);
        var received = uac.In(Ack(2));

        Assert.Equal(SendRejection.NotAllowedInState, sent.Rejection);
        Assert.Empty(received.ToApp);
        Assert.Empty(received.ToPeer);
        Assert.Equal("ACK not allowed in CONFIRMED", received.Dropped);
    }

    [Fact]
    public void Second_ack_is_dropped()
    {
        var h = new DialogueHarness();
        UasAcked(h);

        var output = h.In(Ack(2));

        Assert.Empty(output.ToApp);
        Assert.Empty(output.ToPeer);
        Assert.Equal("ACK not allowed in ACKED", output.Dropped);
    }

    // ---- re-INVITE ----

    [Fact]
    public void Reinvite_from_the_peer_passes_its_1xx_is_swallowed_and_its_ack_closes_it()
    {
        var h = new DialogueHarness();
        UasAcked(h);
        var reinvite = Invite(5);

        var received = h.In(reinvite);
        Assert.Equal(InviteSessionState.Reinvite, h.Dialogue.SessionState);
        var ringing = h.Out(FromApp(reinvite, 180));
        var answered = h.Out(FromApp(reinvite, 200));
        Assert.Equal(InviteSessionState.ReinviteAnswered, h.Dialogue.SessionState);
        var acked = h.In(Ack(6));

        Assert.Same(reinvite, Assert.Single(received.ToApp));
        Assert.False(ringing.IsRejected);
        Assert.Empty(ringing.ToPeer);
        MessageAssert.IsResponse(JsipMethod.Invite, 200, 5, Assert.Single(answered.ToPeer));
        MessageAssert.IsRequest(JsipMethod.Ack, Assert.Single(acked.ToApp));
        Assert.Equal(InviteSessionState.Acked, h.Dialogue.SessionState);
    }

    [Fact]
    public void Reinvite_from_the_app_before_the_ack_passes_and_the_app_acks_its_2xx()
    {
        var h = new DialogueHarness();
        UacConfirmed(h);
        var reinvite = Invite(5);

        h.Out(reinvite);
        var ringing = h.In(FromPeer(reinvite, 180));
        var answered = h.In(FromPeer(reinvite, 200));
        var acked = h.Out(Ack(6));

        Assert.Empty(ringing.ToApp);
        MessageAssert.IsResponse(JsipMethod.Invite, 200, 5, Assert.Single(answered.ToApp));
        Assert.Single(acked.ToPeer);
        Assert.Equal(InviteSessionState.Acked, h.Dialogue.SessionState);
    }

    [Fact]
    public void Reinvite_refused_by_the_peer_is_acked_by_the_stack_and_the_call_goes_on()
    {
        var h = new DialogueHarness();
        UacAcked(h);
        var reinvite = Invite(5);
        h.Out(reinvite);

        var output = h.In(FromPeer(reinvite, 488));

        var ack = MessageAssert.IsRequest(JsipMethod.Ack, Assert.Single(output.ToPeer));
        Assert.Equal(5u, ack.RelatedId);
        MessageAssert.IsResponse(JsipMethod.Invite, 488, 5, Assert.Single(output.ToApp));
        Assert.Equal(InviteSessionState.Acked, h.Dialogue.SessionState);
    }

    [Fact]
    public void Reinvite_refused_by_the_app_waits_for_the_peers_ack_which_passes()
    {
        var h = new DialogueHarness();
        UasAcked(h);
        var reinvite = Invite(5);
        h.In(reinvite);

        h.Out(FromApp(reinvite, 488));
        Assert.Equal(InviteSessionState.ReinviteAnswered, h.Dialogue.SessionState);
        var acked = h.In(Ack(6));

        MessageAssert.IsRequest(JsipMethod.Ack, Assert.Single(acked.ToApp));
        Assert.Equal(InviteSessionState.Acked, h.Dialogue.SessionState);
    }

    [Theory]
    [InlineData(InviteSessionState.Init)]
    [InlineData(InviteSessionState.Early)]
    [InlineData(InviteSessionState.Prack)]
    [InlineData(InviteSessionState.Reinvite)]
    [InlineData(InviteSessionState.ReinviteAnswered)]
    public void Invite_while_an_offer_answer_exchange_is_pending_gets_491(InviteSessionState state)
    {
        var h = new DialogueHarness();
        UasTo(h, state);

        var output = h.In(Invite(40));

        var refusal = MessageAssert.IsResponse(JsipMethod.Invite, 491, 40, Assert.Single(output.ToPeer));
        Assert.Equal($"INVITE not allowed in {state.ToDisplayName()}", refusal.GetString(JsipHeaderNames.Reason));
        Assert.Empty(output.ToApp);
        Assert.Equal(state, h.Dialogue.SessionState);
    }

    [Fact]
    public void Ack_for_an_invite_refused_491_is_absorbed()
    {
        var h = new DialogueHarness();
        UasTo(h, InviteSessionState.Reinvite);
        h.In(Invite(40));
        var ack = Ack(41);
        ack.RelatedId = 40;

        var output = h.In(ack);

        Assert.Empty(output.ToApp);
        Assert.Empty(output.ToPeer);
        Assert.Null(output.Dropped);
        Assert.Equal(InviteSessionState.Reinvite, h.Dialogue.SessionState);
    }

    [Fact]
    public void Reinvite_from_the_app_while_one_is_pending_is_rejected()
    {
        var h = new DialogueHarness();
        UasTo(h, InviteSessionState.Reinvite);

        var output = h.Out(Invite(41));

        Assert.Equal(SendRejection.NotAllowedInState, output.Rejection);
        Assert.Equal("INVITE not allowed in REINVITE", output.RejectionDetail);
    }

    // ---- session refresh (UPDATE after the answer) ----

    [Theory]
    [InlineData(InviteSessionState.Confirmed)]
    [InlineData(InviteSessionState.Acked)]
    [InlineData(InviteSessionState.Reinvite)]
    [InlineData(InviteSessionState.ReinviteAnswered)]
    public void Refresh_update_from_the_peer_is_answered_200_and_never_reaches_the_app(InviteSessionState state)
    {
        var h = new DialogueHarness();
        UasTo(h, state);

        var output = h.In(Request(JsipMethod.Update, 50));

        MessageAssert.IsResponse(JsipMethod.Update, 200, 50, Assert.Single(output.ToPeer));
        Assert.Empty(output.ToApp);
        Assert.Equal(state, h.Dialogue.SessionState);
    }

    [Fact]
    public void Outbound_update_after_the_answer_is_rejected()
    {
        var h = new DialogueHarness();
        UacAcked(h);

        var output = h.Out(Request(JsipMethod.Update, 50));

        Assert.Equal(SendRejection.NotAllowedInState, output.Rejection);
        Assert.Equal("UPDATE not allowed in ACKED: the stack refreshes the session itself", output.RejectionDetail);
    }

    // ---- INFO and the generic refusal ----

    [Theory]
    [InlineData(InviteSessionState.Init)]
    [InlineData(InviteSessionState.Early)]
    [InlineData(InviteSessionState.Prack)]
    [InlineData(InviteSessionState.Update)]
    [InlineData(InviteSessionState.Confirmed)]
    [InlineData(InviteSessionState.Acked)]
    [InlineData(InviteSessionState.Reinvite)]
    [InlineData(InviteSessionState.ReinviteAnswered)]
    [InlineData(InviteSessionState.Error)]
    public void Info_passes_in_every_state(InviteSessionState state)
    {
        var h = new DialogueHarness();
        UasTo(h, state);
        var inbound = Request(JsipMethod.Info, 60);
        var outbound = Request(JsipMethod.Info, 61);

        var received = h.In(inbound);
        var answered = h.Out(FromApp(inbound, 200));
        var sent = h.Out(outbound);
        var reply = h.In(FromPeer(outbound, 500));

        Assert.Same(inbound, Assert.Single(received.ToApp));
        MessageAssert.IsResponse(JsipMethod.Info, 200, 60, Assert.Single(answered.ToPeer));
        Assert.Same(outbound, Assert.Single(sent.ToPeer));
        MessageAssert.IsResponse(JsipMethod.Info, 500, 61, Assert.Single(reply.ToApp));
        Assert.Equal(state, h.Dialogue.SessionState);
    }

    [Fact]
    public void Prack_after_the_answer_gets_400_with_reason()
    {
        var h = new DialogueHarness();
        UasConfirmed(h);

        var output = h.In(Request(JsipMethod.Prack, 7));

        var refusal = MessageAssert.IsResponse(JsipMethod.Prack, 400, 7, Assert.Single(output.ToPeer));
        Assert.Equal("PRACK not allowed in CONFIRMED", refusal.GetString(JsipHeaderNames.Reason));
        Assert.Empty(output.ToApp);
    }

    [Fact]
    public void Refused_request_gets_the_same_refusal_when_retransmitted()
    {
        var h = new DialogueHarness();
        UasConfirmed(h);
        var first = h.In(Request(JsipMethod.Prack, 7));

        var again = h.In(Request(JsipMethod.Prack, 7));

        Assert.Same(first.ToPeer[0], Assert.Single(again.ToPeer));
    }

    [Fact]
    public void Update_before_a_provisional_gets_491()
    {
        var h = new DialogueHarness();
        UasInit(h);

        var output = h.In(Request(JsipMethod.Update, 2));

        MessageAssert.IsResponse(JsipMethod.Update, 491, 2, Assert.Single(output.ToPeer));
    }

    [Fact]
    public void Invite_while_waiting_for_the_ack_of_an_error_gets_400()
    {
        var h = new DialogueHarness();
        UasTo(h, InviteSessionState.Error);

        var output = h.In(Invite(9));

        var refusal = MessageAssert.IsResponse(JsipMethod.Invite, 400, 9, Assert.Single(output.ToPeer));
        Assert.Equal("INVITE not allowed in ERROR", refusal.GetString(JsipHeaderNames.Reason));
    }

    [Fact]
    public void Cancelled_uac_cannot_prack_or_update()
    {
        var h = new DialogueHarness();
        var invite = UacEarly(h);
        h.Out(invite.CreateCancel());

        var prack = h.Out(Request(JsipMethod.Prack, 5));
        var update = h.Out(Request(JsipMethod.Update, 6));

        Assert.Equal(SendRejection.NotAllowedInState, prack.Rejection);
        Assert.Equal(SendRejection.NotAllowedInState, update.Rejection);
    }

    [Fact]
    public void Error_final_crossing_a_cancel_is_acked_and_passed()
    {
        var h = new DialogueHarness();
        var invite = UacEarly(h);
        h.Out(invite.CreateCancel());

        var output = h.In(FromPeer(invite, 486));

        MessageAssert.IsRequest(JsipMethod.Ack, Assert.Single(output.ToPeer));
        MessageAssert.IsResponse(JsipMethod.Invite, 486, 1, Assert.Single(output.ToApp));
        Assert.False(h.Dialogue.HasSession);
    }

    [Fact]
    public void Answer_crossing_a_cancel_from_the_peer_is_kept_and_the_cancel_answered_200()
    {
        var h = new DialogueHarness();
        var invite = UasEarly(h);
        h.Out(FromApp(invite, 200));

        var output = h.In(Request(JsipMethod.Cancel, 2));

        Assert.Equal(["CANCEL_200"], MessageAssert.Names(output.ToPeer));
        Assert.Empty(output.ToApp);
        Assert.Equal(InviteSessionState.Confirmed, h.Dialogue.SessionState);
    }

    [Fact]
    public void Disallowed_inbound_response_is_dropped()
    {
        var h = new DialogueHarness();
        var invite = UacEarly(h);
        var prack = Request(JsipMethod.Prack, 2);
        h.Out(prack);

        var output = h.In(FromPeer(invite, 183));

        Assert.Empty(output.ToApp);
        Assert.Empty(output.ToPeer);
        Assert.Equal("INVITE_183 not allowed in PRACK", output.Dropped);
    }
}
