namespace GoRtc.Jsip.Stack;

/// <summary>What the session must do when its timer expires after the answer.</summary>
internal enum SessionTimerAction
{
    /// <summary>Send a refresh UPDATE to the peer (UAC).</summary>
    Refresh,

    /// <summary>Give up: BYE to the app and to the peer.</summary>
    Quit,
}

/// <summary>
/// The single timer of an INVITE session (spec §3.4): the prtimer guard before the answer, the transtimer waits of
/// the ERROR and TIMED_OUT states, and after the answer the session period <c>T</c> taken from the initial INVITE's
/// <c>Expire</c>: the UAS expects a refresh within <c>T</c>; the UAC refreshes every <c>T/3</c> and quits after
/// more than <see cref="MissedRefreshesTolerated"/> consecutive periods without a 2xx to its UPDATE.
/// </summary>
internal sealed class SessionTimer
{
    /// <summary>Consecutive unanswered refresh periods a UAC tolerates; the next expiry ends the call.</summary>
    public const int MissedRefreshesTolerated = 3;

    // ~100 years: any longer Expire means "never" in practice and keeps TimeSpan arithmetic far from overflow.
    private const long MaxExpireSeconds = 3_155_760_000;

    private SessionTimer(long expireSeconds)
    {
        ExpireSeconds = expireSeconds;
        Period = expireSeconds == 0 ? null : TimeSpan.FromSeconds(Math.Min(expireSeconds, MaxExpireSeconds));
    }

    /// <summary>The <c>Expire</c> value of the session, in seconds (written into refresh UPDATEs).</summary>
    public long ExpireSeconds { get; }

    /// <summary>The session period <c>T</c>; null when <c>Expire: 0</c> disabled the session timer.</summary>
    public TimeSpan? Period { get; }

    /// <summary>Consecutive refresh periods without a 2xx (UAC).</summary>
    public int MissedRefreshes { get; private set; }

    public DateTimeOffset? Deadline { get; private set; }

    /// <summary>
    /// The timer for a new session. <c>T</c> = the INVITE's <c>Expire</c>; without one (or with a negative one,
    /// which means nothing) <c>T</c> = sessiontimer and the INVITE gets <c>Expire: T</c> written in, so that the
    /// peer and the app see the period the stack enforces. <c>Expire: 0</c> disables the timer (the reference
    /// instead ended the call at once or flooded UPDATEs).
    /// </summary>
    public static SessionTimer ForInvite(JsipMessage invite, StackOptions options)
    {
        if (invite.Expire is { } expire and >= 0)
        {
            return new SessionTimer(expire);
        }

        var seconds = (long)Math.Ceiling(options.SessionTimer.TotalSeconds);
        invite.Expire = seconds;
        return new SessionTimer(seconds);
    }

    public bool IsDue(DateTimeOffset now) => Deadline <= now;

    /// <summary>Puts back a persisted deadline and miss count (see <see cref="EstablishedSession"/>).</summary>
    public void Restore(DateTimeOffset? deadline, int missedRefreshes)
    {
        Deadline = deadline;
        MissedRefreshes = missedRefreshes;
    }

    public void Arm(DateTimeOffset now, TimeSpan span) => Deadline = Deadlines.After(now, span);

    public void Disarm() => Deadline = null;

    /// <summary>The INVITE was answered: UAS waits <c>T</c> for a refresh, UAC refreshes every <c>T/3</c>.</summary>
    public void StartAnswered(DateTimeOffset now, bool isUas)
    {
        MissedRefreshes = 0;
        if (Period is { } period)
        {
            Arm(now, isUas ? period : period / 3);
        }
        else
        {
            Disarm();
        }
    }

    /// <summary>
    /// The peer refreshed the session with an UPDATE. UAS: a new period starts. UAC: the peer is evidently alive,
    /// so the missed-refresh count restarts (the reference ignored such UPDATEs and the peer got 408).
    /// </summary>
    public void OnRefreshReceived(DateTimeOffset now, bool isUas)
    {
        if (isUas)
        {
            if (Period is { } period)
            {
                Arm(now, period);
            }
        }
        else
        {
            MissedRefreshes = 0;
        }
    }

    /// <summary>The peer answered one of our refresh UPDATEs with a 2xx.</summary>
    public void OnRefreshAccepted() => MissedRefreshes = 0;

    /// <summary>The answered session's timer expired.</summary>
    public SessionTimerAction OnAnsweredExpiry(DateTimeOffset now, bool isUas)
    {
        Disarm();
        if (isUas || Period is not { } period)
        {
            return SessionTimerAction.Quit;
        }

        MissedRefreshes++;
        if (MissedRefreshes > MissedRefreshesTolerated)
        {
            return SessionTimerAction.Quit;
        }

        Arm(now, period / 3);
        return SessionTimerAction.Refresh;
    }
}
