namespace GoRtc.Jsip.Stack;

/// <summary>
/// A server transaction that has ended, remembered for transtimer so that a retransmission of its request gets the
/// same answer (spec fix, §2.4). Only what that needs is kept, not the request itself: a dialogue that has ended
/// holds nothing else, and there are as many of them as transactions in the last transtimer.
/// </summary>
internal sealed class AnsweredRequest(ServerTransaction transaction, JsipMessage answer, DateTimeOffset rememberedUntil)
{
    public uint CSeq { get; } = transaction.CSeq;

    public JsipMethod Method => Fingerprint.Method;

    public RequestFingerprint Fingerprint { get; } = RequestFingerprint.Of(transaction.Request);

    /// <summary>The final response: what a retransmission of the request gets again.</summary>
    public JsipMessage Answer { get; } = answer;

    /// <summary>True when the stack refused the request itself (400/491): the app never saw it.</summary>
    public bool RefusedByStack { get; } = transaction.RefusedByStack;

    public DateTimeOffset RememberedUntil { get; } = rememberedUntil;
}
