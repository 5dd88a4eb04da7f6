namespace GoRtc.Grains;

/// <summary>
/// The stack's answer to a message an SLP sent: accepted, or refused and why. <see cref="Ended"/>: the message ended
/// its dialogue (its TERM is on its way to the instance too), so the instance has nothing left to release there.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SendResult([property: Id(0)] string? Rejection, [property: Id(1)] string? Detail, [property: Id(2)] bool Ended = false)
{
    public static readonly SendResult Accepted = new(null, null);

    public static readonly SendResult AcceptedAndEnded = new(null, null, Ended: true);

    public bool IsAccepted => Rejection is null;
}
