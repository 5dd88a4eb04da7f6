using GoRtc.Jsip.Stack.Tests.Support;
using static GoRtc.Jsip.Stack.Tests.Support.Messages;

namespace GoRtc.Jsip.Stack.Tests;

/// <summary>The session timer of spec §3.4, tested directly.</summary>
public sealed class SessionTimerUnitTests
{
    private static readonly DateTimeOffset T0 = DialogueHarness.Start;

    [Fact]
    public void Invite_without_expire_gets_sessiontimer_written_in()
    {
        var invite = Invite();

        var timer = SessionTimer.ForInvite(invite, new StackOptions());

        Assert.Equal(600, invite.Expire);
        Assert.Equal(TimeSpan.FromSeconds(600), timer.Period);
    }

    [Fact]
    public void Negative_expire_is_treated_as_absent()
    {
        var invite = Invite(expire: -5);

        var timer = SessionTimer.ForInvite(invite, new StackOptions());

        Assert.Equal(600, invite.Expire);
        Assert.Equal(600, timer.ExpireSeconds);
    }

    [Fact]
    public void Expire_0_means_no_period()
    {
        var timer = SessionTimer.ForInvite(Invite(expire: 0), new StackOptions());

        timer.StartAnswered(T0, isUas: true);

        Assert.Null(timer.Period);
        Assert.Null(timer.Deadline);
    }

    [Fact]
    public void Uac_refreshes_at_a_third_and_quits_after_three_missed_periods()
    {
        var timer = SessionTimer.ForInvite(Invite(expire: 60), new StackOptions());
        timer.StartAnswered(T0, isUas: false);
        var actions = new List<(double, SessionTimerAction)>();

        while (timer.Deadline is { } due)
        {
            actions.Add(((due - T0).TotalSeconds, timer.OnAnsweredExpiry(due, isUas: false)));
        }

        Assert.Equal(
            [(20, SessionTimerAction.Refresh), (40, SessionTimerAction.Refresh), (60, SessionTimerAction.Refresh), (80, SessionTimerAction.Quit)],
            actions);
    }

    [Fact]
    public void Accepted_refresh_resets_the_missed_count()
    {
        var timer = SessionTimer.ForInvite(Invite(expire: 60), new StackOptions());
        timer.StartAnswered(T0, isUas: false);
        timer.OnAnsweredExpiry(T0, isUas: false);
        timer.OnAnsweredExpiry(T0, isUas: false);

        timer.OnRefreshAccepted();

        Assert.Equal(0, timer.MissedRefreshes);
    }

    [Fact]
    public void Uas_period_restarts_on_refresh_and_quits_on_expiry()
    {
        var timer = SessionTimer.ForInvite(Invite(expire: 30), new StackOptions());
        timer.StartAnswered(T0, isUas: true);
        Assert.Equal(T0 + TimeSpan.FromSeconds(30), timer.Deadline);

        timer.OnRefreshReceived(T0 + TimeSpan.FromSeconds(10), isUas: true);

        Assert.Equal(T0 + TimeSpan.FromSeconds(40), timer.Deadline);
        Assert.Equal(SessionTimerAction.Quit, timer.OnAnsweredExpiry(T0 + TimeSpan.FromSeconds(40), isUas: true));
        Assert.Null(timer.Deadline);
    }
}
