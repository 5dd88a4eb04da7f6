namespace GoRtc.Jsip.Stack;

/// <summary>
/// What one step of a <see cref="Dialogue"/> produced. The host (a grain, a test) passes one in, then performs
/// the effects in order: <see cref="ToPeer"/> go on the wire, <see cref="ToApp"/> go to the SLP instance,
/// <see cref="Terminated"/> means the dialogue is over (TERM to the SLP, after the <see cref="ToApp"/> messages).
/// Reused across steps: call <see cref="Clear"/> before each.
/// </summary>
public sealed class DialogueOutput
{
    /// <summary>
    /// Messages to send to the peer, in order (the caller's own outbound message included when it passes).
    /// A retransmitted request is answered with the very response object sent before.
    /// </summary>
    public List<JsipMessage> ToPeer { get; } = [];

    /// <summary>Messages for the application (SLP), in order; all of them are to be treated as received from the peer.</summary>
    public List<JsipMessage> ToApp { get; } = [];

    /// <summary>Set when an outbound message was refused; the SLP is told why. Nothing else happens in that step.</summary>
    public SendRejection Rejection { get; set; }

    /// <summary>Human-readable detail of <see cref="Rejection"/>.</summary>
    public string? RejectionDetail { get; set; }

    /// <summary>
    /// Set when an inbound message went nowhere and nothing could usefully be answered (a stray response or ACK,
    /// a request whose CSeq belongs to another transaction, an absorbed retransmission): the reason, for the
    /// debug log and the drop metric. Intentional swallowing (100 Trying, refresh UPDATE, ...) is not a drop.
    /// </summary>
    public string? Dropped { get; set; }

    /// <summary>True once this step ended the dialogue: no transaction and no session remain.</summary>
    public bool Terminated { get; set; }

    /// <summary>True when <see cref="Rejection"/> is set.</summary>
    public bool IsRejected => Rejection != SendRejection.None;

    public void Clear()
    {
        ToPeer.Clear();
        ToApp.Clear();
        Rejection = SendRejection.None;
        RejectionDetail = null;
        Dropped = null;
        Terminated = false;
    }
}
