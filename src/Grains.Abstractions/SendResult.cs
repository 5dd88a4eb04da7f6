namespace GoRtc.Grains;

/// <summary>
/// The stack's answer to a message an SLP sent: accepted, or refused and why. <see cref="Ended"/>: the message ended
/// its dialogue (its TERM is on its way to the instance too), so the instance has nothing left to release there.
/// <see cref="PushedFromShardSilo"/> and <see cref="QueuedByUser"/> say where what it sent to the peer may still be on
/// its way (the silo of the dialogue's shard pushed it; that user grain's silo did): before the instance sends on
/// another dialogue, it waits for that to be delivered, so that a user gets an SLP's messages in the order sent.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SendResult(
    [property: Id(0)] string? Rejection,
    [property: Id(1)] string? Detail,
    [property: Id(2)] bool Ended = false,
    [property: Id(3)] bool PushedFromShardSilo = false,
    [property: Id(4)] string? QueuedByUser = null)
{
    public static readonly SendResult Accepted = new(null, null);

    public static readonly SendResult AcceptedAndEnded = new(null, null, Ended: true);

    public static readonly SendResult AcceptedAndPushed = new(null, null, PushedFromShardSilo: true);

    public static readonly SendResult AcceptedEndedAndPushed = new(null, null, Ended: true, PushedFromShardSilo: true);

    public bool IsAccepted => Rejection is null;
}
