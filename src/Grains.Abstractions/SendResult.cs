namespace GoRtc.Grains;

/// <summary>The stack's answer to a message an SLP sent: accepted, or refused and why.</summary>
[GenerateSerializer, Immutable]
public sealed record SendResult([property: Id(0)] string? Rejection, [property: Id(1)] string? Detail)
{
    public static readonly SendResult Accepted = new(null, null);

    public bool IsAccepted => Rejection is null;
}
