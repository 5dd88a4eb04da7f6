namespace GoRtc.Jsip.Stack;

/// <summary>Timer lengths of the transaction and session layers (the reference's <c>[JSIPStack]</c> keys).</summary>
public sealed class StackOptions
{
    /// <summary><c>transtimer</c>: a non-INVITE transaction's life without a provisional; an ERR session's wait for ACK.</summary>
    public TimeSpan TransactionTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>prtimer</c>: a non-INVITE transaction after a provisional; an INVITE's wait for its 200 (session guard).</summary>
    public TimeSpan ProvisionalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary><c>sessiontimer</c>: the <c>Expire</c> given to an INVITE that has none.</summary>
    public TimeSpan SessionTimer { get; set; } = TimeSpan.FromSeconds(600);
}
