namespace GoRtc.Jsip.Stack;

/// <summary>
/// A live transaction as diagnostics see it (the reference's jstack <c>&lt;dlg&gt;:&lt;cseq&gt;</c> line, with what it
/// is and how far it has got).
/// </summary>
/// <param name="Method">The request's method.</param>
/// <param name="CSeq">The request's CSeq, the transaction's key within its dialogue (spec §2.2).</param>
/// <param name="Role">Server: the request came from the peer; client: the application or the stack sent it.</param>
/// <param name="State">Spec §2.3 state.</param>
/// <param name="Deadline">When the transaction times out if no final response is seen.</param>
public readonly record struct TransactionSummary(JsipMethod Method, uint CSeq, TransactionRole Role, TransactionState State, DateTimeOffset Deadline);

/// <summary>Which side of a transaction this server is.</summary>
public enum TransactionRole
{
    /// <summary>The request was received from the peer; the application (or the stack) answers it.</summary>
    Server,

    /// <summary>The request was sent to the peer, by the application or by the stack itself.</summary>
    Client,
}

/// <summary>States of a transaction (spec §2.3). A live transaction is Init or Provisional: it ends at its first final.</summary>
public enum TransactionState
{
    /// <summary>No response yet.</summary>
    Init,

    /// <summary>A provisional (1xx) response has been seen.</summary>
    Provisional,

    /// <summary>Ended with a 2xx.</summary>
    Success,

    /// <summary>Ended with a 3xx-6xx (or a timeout's 408).</summary>
    Error,
}
