namespace GoRtc.Jsip.Stack;

/// <summary>What the session layer decided about one message (spec §3.3's outcome kinds).</summary>
internal enum SessionOutcome
{
    /// <summary>Forward it: inbound to the app, outbound to the transaction layer and the wire.</summary>
    Pass,

    /// <summary>Intentionally not forwarded (the session has already done whatever was needed).</summary>
    Swallow,

    /// <summary>Not allowed in this state: an outbound message is rejected, an inbound request answered with <see cref="SessionVerdict.Code"/>, anything else dropped.</summary>
    Refuse,
}

internal readonly record struct SessionVerdict(SessionOutcome Outcome, int Code, string? Reason)
{
    public static SessionVerdict Pass => new(SessionOutcome.Pass, 0, null);

    public static SessionVerdict Swallow => new(SessionOutcome.Swallow, 0, null);

    /// <summary>A refusal; <paramref name="code"/> is what an inbound request is answered with.</summary>
    public static SessionVerdict Refuse(string reason, int code = 400) => new(SessionOutcome.Refuse, code, reason);
}
