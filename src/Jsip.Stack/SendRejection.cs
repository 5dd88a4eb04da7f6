namespace GoRtc.Jsip.Stack;

/// <summary>Why the stack refused a message an SLP asked it to send.</summary>
public enum SendRejection
{
    None = 0,

    /// <summary>The message breaks a syntax rule (empty DialogueID, From, To or Request-URI; bad code).</summary>
    Invalid,

    /// <summary>A response for which no server transaction exists (never received, already answered, or timed out).</summary>
    NoTransaction,

    /// <summary>A response that the transaction's state does not allow (a second final, a provisional after a final).</summary>
    UnexpectedResponse,

    /// <summary>A request whose CSeq is already used by a live transaction of this dialogue.</summary>
    CSeqInUse,

    /// <summary>BYE or CANCEL on a dialogue that has no INVITE session.</summary>
    NoSession,

    /// <summary>A message the INVITE session's current state does not allow (e.g. BYE before 200, UPDATE after 200).</summary>
    NotAllowedInState,
}
