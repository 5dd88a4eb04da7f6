namespace GoRtc.Jsip.Stack;

/// <summary>
/// What one step of a <see cref="Dialogue"/> produced. The host (a grain, a test) passes one in, then performs
/// the effects in order: <see cref="ToPeer"/> go on the wire, <see cref="ToApp"/> go to the SLP instance,
/// <see cref="Terminated"/> means the dialogue is over (TERM to the SLP).
/// Reused across steps: call <see cref="Clear"/> before each.
/// </summary>
public sealed class DialogueOutput
{
    /// <summary>Messages to send to the peer, in order (the caller's own outbound message included when it passes).</summary>
    public List<JsipMessage> ToPeer { get; } = [];

    /// <summary>Messages for the application (SLP), in order.</summary>
    public List<JsipMessage> ToApp { get; } = [];

    /// <summary>Set when an outbound message was refused; the SLP is told why.</summary>
    public SendRejection Rejection { get; set; }

    /// <summary>Human-readable detail of <see cref="Rejection"/>.</summary>
    public string? RejectionDetail { get; set; }

    /// <summary>True once this step ended the dialogue: no transaction and no session remain.</summary>
    public bool Terminated { get; set; }

    public void Clear()
    {
        ToPeer.Clear();
        ToApp.Clear();
        Rejection = SendRejection.None;
        RejectionDetail = null;
        Terminated = false;
    }
}
