namespace GoRtc.Jsip.Stack;

/// <summary>
/// The transaction and session layers of one DialogueID: its client and server transactions and its INVITE
/// session. Pure and single-threaded: the host serialises calls, passes the current time in, performs the
/// effects written to the <see cref="DialogueOutput"/>, and calls <see cref="OnTimer"/> at <see cref="NextDeadline"/>.
/// </summary>
public sealed class Dialogue
{
    public Dialogue(string dialogueId, StackOptions options)
    {
        DialogueId = dialogueId;
        Options = options;
    }

    public string DialogueId { get; }

    public StackOptions Options { get; }

    /// <summary>The earliest time at which <see cref="OnTimer"/> has work to do; null when no timer is armed.</summary>
    public DateTimeOffset? NextDeadline => throw new NotImplementedException();

    /// <summary>True when no transaction and no session remain (and the retransmission memory may still hold entries).</summary>
    public bool IsTerminated => throw new NotImplementedException();

    /// <summary>True while an INVITE session exists (any state but END).</summary>
    public bool HasSession => throw new NotImplementedException();

    /// <summary>A message received from the peer (already syntax-checked).</summary>
    public void Receive(JsipMessage message, DateTimeOffset now, DialogueOutput output) => throw new NotImplementedException();

    /// <summary>A message the application asks to send to the peer.</summary>
    public void Send(JsipMessage message, DateTimeOffset now, DialogueOutput output) => throw new NotImplementedException();

    /// <summary>Fires every timer due at <paramref name="now"/>.</summary>
    public void OnTimer(DateTimeOffset now, DialogueOutput output) => throw new NotImplementedException();
}
