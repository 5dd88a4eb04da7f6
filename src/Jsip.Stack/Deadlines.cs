namespace GoRtc.Jsip.Stack;

/// <summary>Deadline arithmetic that cannot overflow.</summary>
internal static class Deadlines
{
    /// <summary>
    /// <paramref name="now"/> + <paramref name="span"/>, saturating at <see cref="DateTimeOffset.MaxValue"/>:
    /// an <c>Expire</c> header is peer-controlled and may be absurdly large.
    /// </summary>
    public static DateTimeOffset After(DateTimeOffset now, TimeSpan span)
    {
        var room = DateTimeOffset.MaxValue - now;
        return span >= room ? DateTimeOffset.MaxValue : now + span;
    }

    /// <summary>The earlier of two optional deadlines.</summary>
    public static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b)
    {
        if (a is null)
        {
            return b;
        }

        if (b is null)
        {
            return a;
        }

        return a.Value <= b.Value ? a : b;
    }
}
