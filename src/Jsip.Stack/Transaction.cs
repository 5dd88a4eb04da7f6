namespace GoRtc.Jsip.Stack;

/// <summary>
/// One request and its responses, identified by CSeq within the dialogue (spec §2.2-2.4). A transaction is live
/// until its first final response or its timer; ACK never has one.
/// </summary>
internal abstract class Transaction
{
    private readonly StackOptions _options;

    protected Transaction(JsipMessage request, DateTimeOffset now, StackOptions options, long sequence)
    {
        Request = request;
        _options = options;
        Sequence = sequence;
        Deadline = Deadlines.After(now, TransactionTimers.Initial(request.Method, options));
    }

    public JsipMessage Request { get; }

    public uint CSeq => Request.CSeq;

    public JsipMethod Method => Request.Method;

    /// <summary>Which way the request travelled; its responses travel the other way.</summary>
    public abstract Direction RequestDirection { get; }

    /// <summary>When the transaction times out if no final response has been seen.</summary>
    public DateTimeOffset Deadline { get; private set; }

    /// <summary>Creation order within the dialogue: timers due at the same instant fire in this order.</summary>
    public long Sequence { get; }

    /// <summary>The final response, once there is one.</summary>
    public JsipMessage? Final { get; private set; }

    public bool HasFinal => Final is not null;

    /// <summary>True once a provisional response has been accepted.</summary>
    public bool HasProvisional { get; private set; }

    /// <summary>Spec §2.3 state: Init, Provisional, then Success or Error at the final.</summary>
    public TransactionState State => Final switch
    {
        null => HasProvisional ? TransactionState.Provisional : TransactionState.Init,
        { Code: var code } when JsipStatus.IsSuccess(code) => TransactionState.Success,
        _ => TransactionState.Error,
    };

    /// <summary>What diagnostics show of this transaction.</summary>
    public TransactionSummary Summarize() =>
        new(Method, CSeq, RequestDirection == Direction.Inbound ? TransactionRole.Server : TransactionRole.Client, State, Deadline);

    /// <summary>
    /// Why <paramref name="response"/> cannot belong to this transaction (spec §2.3), or null when it can.
    /// </summary>
    public string? CheckResponse(JsipMessage response, Direction direction)
    {
        if (response.IsRequest)
        {
            return $"{response.Name} is a request, not a response";
        }

        if (response.Method != Method)
        {
            return $"{response.Name} does not answer the {Method.ToWireName()} with CSeq {CSeq}";
        }

        if (response.CSeq != CSeq)
        {
            return $"{response.Name} has CSeq {response.CSeq}, the transaction {CSeq}";
        }

        if (direction == RequestDirection)
        {
            return $"{response.Name} travels the same way as its request";
        }

        if (Final is not null)
        {
            return JsipStatus.IsProvisional(response.Code)
                ? $"{response.Name} is a provisional response after the final {Final.Code}"
                : $"{response.Name} is a second final response after {Final.Code}";
        }

        return null;
    }

    /// <summary>Records an accepted response: a 1xx re-arms the timer, a final ends the transaction.</summary>
    public virtual void OnResponse(JsipMessage response, DateTimeOffset now)
    {
        if (JsipStatus.IsProvisional(response.Code))
        {
            HasProvisional = true;
            Deadline = Deadlines.After(now, TransactionTimers.AfterProvisional(Method, _options));
        }
        else
        {
            Final = response;
        }
    }
}

/// <summary>A transaction for a request received from the peer; the app (or the stack) answers it.</summary>
internal sealed class ServerTransaction : Transaction
{
    public ServerTransaction(JsipMessage request, DateTimeOffset now, StackOptions options, long sequence)
        : base(request, now, options, sequence)
    {
    }

    public override Direction RequestDirection => Direction.Inbound;

    /// <summary>The last response sent on this transaction: what a retransmitted request gets again.</summary>
    public JsipMessage? LastResponse { get; private set; }

    /// <summary>True when the stack refused the request itself (400/491): the app never saw it.</summary>
    public bool RefusedByStack { get; set; }

    public override void OnResponse(JsipMessage response, DateTimeOffset now)
    {
        base.OnResponse(response, now);
        LastResponse = response;
    }
}

/// <summary>A transaction for a request sent to the peer, by the app or by the stack itself.</summary>
internal sealed class ClientTransaction : Transaction
{
    public ClientTransaction(JsipMessage request, DateTimeOffset now, StackOptions options, long sequence, bool stackOwned)
        : base(request, now, options, sequence)
    {
        StackOwned = stackOwned;
    }

    public override Direction RequestDirection => Direction.Outbound;

    /// <summary>
    /// True for requests the stack generated (session refresh UPDATE, hang-up BYE, timeout CANCEL): their
    /// responses and timeouts never reach the app, which did not send them.
    /// </summary>
    public bool StackOwned { get; }
}
