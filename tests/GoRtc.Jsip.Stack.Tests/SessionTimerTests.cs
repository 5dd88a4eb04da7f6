using GoRtc.Jsip.Stack.Tests.Support;
using static GoRtc.Jsip.Stack.Tests.Support.Flows;
using static GoRtc.Jsip.Stack.Tests.Support.Messages;

namespace GoRtc.Jsip.Stack.Tests;

/// <summary>Spec §3.4 as amended: the guard before the answer, the ERROR/TIMED_OUT waits, refresh and expiry.</summary>
public sealed class SessionTimerTests
{
    private static readonly TimeSpan Prtimer = TimeSpan.FromSeconds(60);

    [Fact]
    public void Uas_unanswered_invite_gets_cancel_to_app_and_408_to_peer_at_prtimer()
    {
        var h = new DialogueHarness();
        UasEarly(h);

        h.Advance(Prtimer - TimeSpan.FromMilliseconds(1));
        Assert.Equal(["INVITE"], MessageAssert.Names(h.App));
        h.Advance(TimeSpan.FromMilliseconds(1));

        var (cancelAt, cancel) = h.App[^1];
        Assert.Equal(Prtimer, cancelAt);
        MessageAssert.IsRequest(JsipMethod.Cancel, cancel);
        Assert.Equal(1u, cancel.RelatedId);
        Assert.Equal(Prtimer, h.Peer[^1].At);
        MessageAssert.IsResponse(JsipMethod.Invite, 408, 1, h.LastToPeer);
        Assert.Equal(InviteSessionState.Error, h.Dialogue.SessionState);

        var ack = h.In(Ack(3));
        Assert.Empty(ack.ToApp);
        Assert.True(ack.Terminated);
    }

    [Fact]
    public void Uas_unanswered_invite_without_ack_ends_at_prtimer_plus_transtimer()
    {
        var h = new DialogueHarness();
        UasInit(h);

        h.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal([Prtimer + TimeSpan.FromSeconds(5)], h.Terms);
        Assert.Equal(["INVITE_408"], MessageAssert.Names(h.Peer));
    }

    [Theory]
    [InlineData(InviteSessionState.Prack)]
    [InlineData(InviteSessionState.Update)]
    public void Uas_guard_also_fires_while_prack_or_update_pending(InviteSessionState state)
    {
        var h = new DialogueHarness();
        UasTo(h, state);

        h.Advance(Prtimer);

        Assert.Contains(h.App, e => e.At == Prtimer && e.Message.Method == JsipMethod.Cancel && e.Message.IsRequest);
        Assert.Contains(h.Peer, e => e.At == Prtimer && e.Message.Name == "INVITE_408");
        Assert.Equal(InviteSessionState.Error, h.Dialogue.SessionState);
        h.RunToQuiet(TimeSpan.FromMinutes(10));
        Assert.False(h.Dialogue.HasSession);
        Assert.True(h.Dialogue.IsTerminated);
    }

    [Fact]
    public void Guard_is_not_extended_by_provisional_responses()
    {
        var h = new DialogueHarness();
        var invite = UacInit(h);
        h.Advance(TimeSpan.FromSeconds(59));
        h.In(FromPeer(invite, 180));

        h.Advance(TimeSpan.FromSeconds(1));

        MessageAssert.IsResponse(JsipMethod.Invite, 408, 1, h.LastToApp);
        Assert.Equal(Prtimer, h.App[^1].At);
    }

    [Fact]
    public void Uac_unanswered_invite_gets_408_to_app_and_cancel_to_peer_at_prtimer()
    {
        var h = new DialogueHarness();
        UacEarly(h);

        h.Advance(Prtimer);

        Assert.Equal(["INVITE_180", "INVITE_408"], MessageAssert.Names(h.App));
        Assert.Equal(["INVITE", "CANCEL"], MessageAssert.Names(h.Peer));
        Assert.Equal(1u, h.LastToPeer.RelatedId);
        Assert.Equal(InviteSessionState.TimedOut, h.Dialogue.SessionState);
    }

    [Fact]
    public void Uac_after_timeout_the_peers_487_is_acked_and_not_passed()
    {
        var h = new DialogueHarness();
        var invite = UacEarly(h);
        h.Advance(Prtimer);
        var cancel = h.LastToPeer;

        h.In(FromPeer(cancel, 200));
        var output = h.In(FromPeer(invite, 487));

        MessageAssert.IsRequest(JsipMethod.Ack, Assert.Single(output.ToPeer));
        Assert.Empty(output.ToApp);
        Assert.True(output.Terminated);
    }

    [Fact]
    public void Uac_after_timeout_the_session_ends_at_transtimer()
    {
        var h = new DialogueHarness();
        UacInit(h);

        h.Advance(Prtimer + TimeSpan.FromSeconds(4.9));
        Assert.True(h.Dialogue.HasSession);
        h.Advance(TimeSpan.FromSeconds(0.1));

        Assert.False(h.Dialogue.HasSession);
        Assert.Equal([Prtimer + TimeSpan.FromSeconds(5)], h.Terms);
        Assert.Null(h.Dialogue.NextDeadline);
        Assert.Equal(["INVITE_408"], MessageAssert.Names(h.App));
    }

    [Fact]
    public void Late_2xx_after_invite_timeout_is_acked_and_hung_up()
    {
        var h = new DialogueHarness();
        var invite = UacEarly(h);
        h.Advance(Prtimer + TimeSpan.FromSeconds(1));

        var output = h.In(FromPeer(invite, 200));

        Assert.Equal(["ACK", "BYE"], MessageAssert.Names(output.ToPeer));
        Assert.Empty(output.ToApp);
        Assert.Equal(["INVITE_180", "INVITE_408"], MessageAssert.Names(h.App));
    }

    [Fact]
    public void Uac_cancelled_invite_unanswered_gets_408_at_prtimer_without_a_second_cancel()
    {
        var h = new DialogueHarness();
        var invite = UacEarly(h);
        h.Out(invite.CreateCancel());

        h.Advance(Prtimer);

        Assert.Equal(["INVITE", "CANCEL"], MessageAssert.Names(h.Peer));
        MessageAssert.IsResponse(JsipMethod.Invite, 408, 1, h.LastToApp);
    }

    [Fact]
    public void Uas_without_refresh_gets_bye_to_app_and_peer_at_expire()
    {
        var h = new DialogueHarness();
        UasAcked(h, expire: 10);

        h.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Equal(["INVITE", "ACK"], MessageAssert.Names(h.App));
        h.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal(["INVITE", "ACK", "BYE"], MessageAssert.Names(h.App));
        var bye = MessageAssert.IsRequest(JsipMethod.Bye, h.LastToPeer);
        Assert.Equal(TimeSpan.FromSeconds(10), h.Peer[^1].At);
        Assert.False(h.Dialogue.HasSession);
        Assert.Empty(h.Terms);
        var answered = h.In(FromPeer(bye, 200));
        Assert.Empty(answered.ToApp);
        Assert.True(answered.Terminated);
    }

    [Fact]
    public void Uas_refresh_restarts_the_period()
    {
        var h = new DialogueHarness();
        UasAcked(h, expire: 30);
        h.Advance(TimeSpan.FromSeconds(20));

        h.In(Request(JsipMethod.Update, 9));
        h.Advance(TimeSpan.FromSeconds(29.9));
        Assert.DoesNotContain(h.App, e => e.Message.Method == JsipMethod.Bye);
        h.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal(TimeSpan.FromSeconds(50), h.App[^1].At);
        MessageAssert.IsRequest(JsipMethod.Bye, h.LastToApp);
    }

    [Fact]
    public void Uac_sends_update_every_third_of_expire_and_bye_after_fourth_miss()
    {
        var h = new DialogueHarness();
        var invite = UacAcked(h, expire: 60);

        h.Advance(TimeSpan.FromSeconds(100));

        var updates = h.Peer.Where(e => e.Message.Method == JsipMethod.Update).ToList();
        Assert.Equal([20, 40, 60], updates.Select(e => e.At.TotalSeconds));
        Assert.All(updates, e => Assert.Equal(60, e.Message.Expire));
        Assert.All(updates, e => Assert.Equal((invite.RequestUri, invite.From, invite.To), (e.Message.RequestUri, e.Message.From, e.Message.To)));
        var (byeAt, bye) = h.Peer[^1];
        Assert.Equal(TimeSpan.FromSeconds(80), byeAt);
        MessageAssert.IsRequest(JsipMethod.Bye, bye);
        Assert.Equal(["INVITE_200", "BYE"], MessageAssert.Names(h.App));
        Assert.Equal(TimeSpan.FromSeconds(80), h.App[^1].At);
    }

    [Fact]
    public void Uac_answered_refreshes_keep_the_session_alive_and_never_reach_the_app()
    {
        var h = new DialogueHarness();
        UacAcked(h, expire: 60);

        for (var i = 0; i < 10; i++)
        {
            h.Advance(TimeSpan.FromSeconds(20));
            var update = MessageAssert.IsRequest(JsipMethod.Update, h.LastToPeer);
            var answered = h.In(FromPeer(update, 200));
            Assert.Empty(answered.ToApp);
        }

        Assert.True(h.Dialogue.HasSession);
        Assert.Equal(["INVITE_200"], MessageAssert.Names(h.App));
    }

    [Fact]
    public void Uac_error_answers_to_refresh_do_not_count_as_refreshed_and_never_reach_the_app()
    {
        var h = new DialogueHarness();
        UacAcked(h, expire: 60);

        for (var i = 0; i < 3; i++)
        {
            h.Advance(TimeSpan.FromSeconds(20));
            var answered = h.In(FromPeer(h.LastToPeer, 500));
            Assert.Empty(answered.ToApp);
        }

        h.Advance(TimeSpan.FromSeconds(20));
        MessageAssert.IsRequest(JsipMethod.Bye, h.LastToPeer);
        Assert.Equal(TimeSpan.FromSeconds(80), h.Peer[^1].At);
    }

    [Fact]
    public void Refresh_update_at_the_uac_resets_the_missed_refresh_count()
    {
        var h = new DialogueHarness();
        UacAcked(h, expire: 60);
        h.Advance(TimeSpan.FromSeconds(65));

        var refreshed = h.In(Request(JsipMethod.Update, 99));
        h.Advance(TimeSpan.FromSeconds(75));

        MessageAssert.IsResponse(JsipMethod.Update, 200, 99, Assert.Single(refreshed.ToPeer));
        Assert.Empty(refreshed.ToApp);
        var sent = h.Peer.Where(e => e.Message.IsRequest).Select(e => (e.At.TotalSeconds, e.Message.Method)).ToList();
        Assert.Equal(
            [
                (0, JsipMethod.Invite), (0, JsipMethod.Ack),
                (20, JsipMethod.Update), (40, JsipMethod.Update), (60, JsipMethod.Update), (80, JsipMethod.Update),
                (100, JsipMethod.Update), (120, JsipMethod.Update), (140, JsipMethod.Bye),
            ],
            sent);
    }

    [Fact]
    public void Expire_0_disables_the_session_timer()
    {
        var uas = new DialogueHarness();
        UasAcked(uas, expire: 0);
        var uac = new DialogueHarness();
        UacAcked(uac, expire: 0);

        uas.Advance(TimeSpan.FromDays(1));
        uac.Advance(TimeSpan.FromDays(1));

        Assert.True(uas.Dialogue.HasSession);
        Assert.True(uac.Dialogue.HasSession);
        Assert.Null(uas.Dialogue.NextDeadline);
        Assert.Null(uac.Dialogue.NextDeadline);
        Assert.Equal(["INVITE", "ACK"], MessageAssert.Names(uac.Peer));
        Assert.Equal(["INVITE_200"], MessageAssert.Names(uas.Peer));
    }

    [Fact]
    public void Expire_0_still_guards_the_unanswered_invite()
    {
        var h = new DialogueHarness();
        UasInit(h, expire: 0);

        h.Advance(Prtimer);

        MessageAssert.IsResponse(JsipMethod.Invite, 408, 1, h.LastToPeer);
    }

    [Fact]
    public void Huge_expire_does_not_overflow()
    {
        var h = new DialogueHarness();
        UasAcked(h, expire: long.MaxValue);

        h.Advance(TimeSpan.FromDays(365));

        Assert.True(h.Dialogue.HasSession);
    }

    [Fact]
    public void Unanswered_inbound_reinvite_gets_408_and_the_session_waits_for_its_ack()
    {
        var h = new DialogueHarness();
        UasAcked(h, expire: 0);
        h.In(Invite(5));

        h.Advance(Prtimer * 2);

        MessageAssert.IsResponse(JsipMethod.Invite, 408, 5, h.LastToPeer);
        Assert.Equal(InviteSessionState.ReinviteAnswered, h.Dialogue.SessionState);
        h.In(Ack(6));
        Assert.Equal(InviteSessionState.Acked, h.Dialogue.SessionState);
    }

    [Fact]
    public void Unanswered_inbound_prack_gets_408_and_the_session_returns_to_early()
    {
        var h = new DialogueHarness();
        UasTo(h, InviteSessionState.Prack);

        h.Advance(TimeSpan.FromSeconds(5));

        MessageAssert.IsResponse(JsipMethod.Prack, 408, 10, h.LastToPeer);
        Assert.Equal(InviteSessionState.Early, h.Dialogue.SessionState);
    }

    [Fact]
    public void Unanswered_outbound_update_gives_app_408_and_the_session_returns_to_early()
    {
        var h = new DialogueHarness();
        UasTo(h, InviteSessionState.Update);

        h.Advance(TimeSpan.FromSeconds(5));

        MessageAssert.IsResponse(JsipMethod.Update, 408, 10, h.LastToApp);
        Assert.Equal(InviteSessionState.Early, h.Dialogue.SessionState);
    }
}
