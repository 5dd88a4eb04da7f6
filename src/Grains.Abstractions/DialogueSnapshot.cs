namespace GoRtc.Grains;

/// <summary>One dialogue, for the management views (<c>/runtime/v1/jstack</c>).</summary>
/// <param name="DialogueId">The DialogueID.</param>
/// <param name="SessionState">The INVITE session's state as logs show it (e.g. <c>ACKED</c>), or null without a session.</param>
/// <param name="Transactions">The live transactions, in creation order.</param>
/// <param name="InstanceId">The SLP instance the dialogue is bound to, if any.</param>
/// <param name="Peer">The userid on the other end, once known.</param>
/// <param name="Terminated">The dialogue has ended (it may linger to absorb retransmissions).</param>
/// <param name="NextDeadline">When its next timer fires, if one is armed.</param>
[GenerateSerializer, Immutable]
public sealed record DialogueSnapshot(
    [property: Id(0)] string DialogueId,
    [property: Id(1)] string? SessionState,
    [property: Id(2)] TransactionSnapshot[] Transactions,
    [property: Id(3)] string? InstanceId,
    [property: Id(4)] string? Peer,
    [property: Id(5)] bool Terminated,
    [property: Id(6)] DateTimeOffset? NextDeadline);

/// <summary>One live transaction of a dialogue (the reference's jstack <c>&lt;dlg&gt;:&lt;cseq&gt;</c>).</summary>
/// <param name="Method">The request's method, as on the wire (e.g. <c>INVITE</c>).</param>
/// <param name="CSeq">The request's CSeq.</param>
/// <param name="IsServer">True when the request came from the peer; false when the SLP or the stack sent it.</param>
/// <param name="State">Spec §2.3 state: <c>Init</c> or <c>Provisional</c> while live.</param>
/// <param name="Deadline">When it times out if no final response is seen.</param>
[GenerateSerializer, Immutable]
public sealed record TransactionSnapshot(
    [property: Id(0)] string Method,
    [property: Id(1)] uint CSeq,
    [property: Id(2)] bool IsServer,
    [property: Id(3)] string State,
    [property: Id(4)] DateTimeOffset Deadline);
