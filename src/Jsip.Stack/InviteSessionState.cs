namespace GoRtc.Jsip.Stack;

/// <summary>
/// States of an INVITE session (spec §3.3; the reference's names in brackets). "UAS" = the initial INVITE came
/// from the peer; "UAC" = the application sent it.
/// </summary>
public enum InviteSessionState
{
    /// <summary>[INIT] The INVITE is pending, no response yet.</summary>
    Init,

    /// <summary>[18X] A provisional response (other than 100) has been seen.</summary>
    Early,

    /// <summary>[PRACK] A PRACK is pending (before the answer).</summary>
    Prack,

    /// <summary>[UPDATE] An early UPDATE is pending (before the answer).</summary>
    Update,

    /// <summary>[200] The INVITE has been answered with a 2xx; waiting for the ACK.</summary>
    Confirmed,

    /// <summary>[ACK] The latest INVITE's 2xx has been acknowledged.</summary>
    Acked,

    /// <summary>[REINV] A re-INVITE is pending.</summary>
    Reinvite,

    /// <summary>[RE200] The re-INVITE has its final response; waiting for the ACK.</summary>
    ReinviteAnswered,

    /// <summary>[ERR] UAS: the INVITE got an error final; waiting transtimer for the peer's ACK.</summary>
    Error,

    /// <summary>UAC: the INVITE was given up at prtimer (CANCEL sent); waiting transtimer for the peer's final.</summary>
    TimedOut,

    /// <summary>[END] Over; the session is removed at the end of the step.</summary>
    End,
}

/// <summary>Names of <see cref="InviteSessionState"/> as they appear in logs and in <c>Reason</c> headers.</summary>
public static class InviteSessionStates
{
    /// <summary>e.g. <c>EARLY</c>, <c>REINVITE_ANSWERED</c>.</summary>
    public static string ToDisplayName(this InviteSessionState state) => state switch
    {
        InviteSessionState.Init => "INIT",
        InviteSessionState.Early => "EARLY",
        InviteSessionState.Prack => "PRACK",
        InviteSessionState.Update => "UPDATE",
        InviteSessionState.Confirmed => "CONFIRMED",
        InviteSessionState.Acked => "ACKED",
        InviteSessionState.Reinvite => "REINVITE",
        InviteSessionState.ReinviteAnswered => "REINVITE_ANSWERED",
        InviteSessionState.Error => "ERROR",
        InviteSessionState.TimedOut => "TIMED_OUT",
        InviteSessionState.End => "END",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>Before the INVITE's final response: the states in which CANCEL, PRACK and early UPDATE apply.</summary>
    internal static bool IsBeforeAnswer(this InviteSessionState state) =>
        state is InviteSessionState.Init or InviteSessionState.Early or InviteSessionState.Prack or InviteSessionState.Update;

    /// <summary>After a 2xx to the initial INVITE: the states in which BYE, re-INVITE and refresh apply.</summary>
    internal static bool IsAnswered(this InviteSessionState state) =>
        state is InviteSessionState.Confirmed or InviteSessionState.Acked or InviteSessionState.Reinvite
            or InviteSessionState.ReinviteAnswered;
}
