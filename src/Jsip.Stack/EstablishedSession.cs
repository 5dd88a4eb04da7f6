namespace GoRtc.Jsip.Stack;

/// <summary>
/// What it takes to continue an answered INVITE session elsewhere (another activation, another silo): the
/// milestone state a host persists. Only a quiet, answered session is captured — no transaction in flight — so a
/// restored <see cref="Dialogue"/> behaves exactly as the original would from here on.
/// </summary>
/// <param name="Invite">The initial INVITE (the stack builds its BYE, UPDATE and answers from it).</param>
/// <param name="IsUas">True when the INVITE was received.</param>
/// <param name="Acked">True once the ACK for the answer has passed.</param>
/// <param name="LatestInviteInbound">Direction of the latest INVITE (initial or re-INVITE): the next ACK's direction.</param>
/// <param name="TimerDeadline">When the session timer fires next (UAS expiry or UAC refresh); null when disabled.</param>
/// <param name="MissedRefreshes">UAC: refresh periods in a row without a 2xx.</param>
public sealed record EstablishedSession(
    JsipMessage Invite,
    bool IsUas,
    bool Acked,
    bool LatestInviteInbound,
    DateTimeOffset? TimerDeadline,
    int MissedRefreshes);
