using GoRtc.Jsip;

namespace GoRtc.Services.Call;

/// <summary>
/// One dialogue of a call as this B2BUA sees it: the caller's (we are its UAS) or the callee's (we are its UAC).
/// Only what the relay needs to decide is kept; the stack holds the session itself.
/// </summary>
internal sealed class CallLeg
{
    public CallLeg(string dialogueId, JsipMessage invite, bool isCaller)
    {
        DialogueId = dialogueId;
        Invite = invite;
        IsCaller = isCaller;
    }

    public string DialogueId { get; }

    /// <summary>The initial INVITE on this leg: received from the caller, or sent to the callee.</summary>
    public JsipMessage Invite { get; }

    /// <summary>True for the caller's leg, false for the callee's.</summary>
    public bool IsCaller { get; }

    /// <summary>The initial INVITE has its final response on this leg (sent, received, or given by the stack).</summary>
    public bool HasFinal { get; set; }

    /// <summary>The final response was a 2xx: the leg is (or was) an answered session.</summary>
    public bool IsAnswered { get; set; }

    /// <summary>
    /// A 2xx to an INVITE (initial or re-INVITE) received on this leg and relayed to the other, whose ACK has not
    /// come back yet: the other side's ACK is turned into the ACK of this one.
    /// </summary>
    public JsipMessage? UnacknowledgedAnswer { get; set; }

    /// <summary>We have ended this leg, or it has ended by itself (BYE, CANCEL, error final): nothing more is sent on it.</summary>
    public bool IsHungUp { get; set; }

    /// <summary>The stack has reported the dialogue gone (no transaction, no session left).</summary>
    public bool IsTerminated { get; set; }
}
