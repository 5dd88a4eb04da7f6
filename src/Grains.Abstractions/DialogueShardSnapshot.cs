namespace GoRtc.Grains;

/// <summary>What a dialogue shard holds, for the management views (<c>/runtime/v1/jstack</c>).</summary>
/// <param name="Live">Its dialogues with a live transaction or session, or bound to an SLP instance.</param>
/// <param name="Remembered">
/// Its ended dialogues that only remember their answered requests, for transtimer, so that a retransmission gets the
/// same answer.
/// </param>
/// <param name="Instances">The SLP instances it hosts.</param>
[GenerateSerializer, Immutable]
public sealed record DialogueShardSnapshot(
    [property: Id(0)] DialogueSnapshot[] Live,
    [property: Id(1)] int Remembered,
    [property: Id(2)] SlpInstanceSnapshot[] Instances);
