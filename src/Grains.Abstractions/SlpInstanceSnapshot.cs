namespace GoRtc.Grains;

/// <summary>One SLP instance, for the management views (<c>/runtime/v1/distribute</c>).</summary>
/// <param name="InstanceId">The instance id.</param>
/// <param name="SlpName">The SLP it runs.</param>
/// <param name="Version">The SLP version it runs.</param>
/// <param name="Dialogues">Its dialogues (those it created or that joined it).</param>
/// <param name="RelIds">The relids it has handed out.</param>
/// <param name="StartedAt">When the SLP object was created.</param>
/// <param name="Finished">The SLP has finished (or failed) and is ending.</param>
[GenerateSerializer, Immutable]
public sealed record SlpInstanceSnapshot(
    [property: Id(0)] string InstanceId,
    [property: Id(1)] string? SlpName,
    [property: Id(2)] int? Version,
    [property: Id(3)] string[] Dialogues,
    [property: Id(4)] string[] RelIds,
    [property: Id(5)] DateTimeOffset? StartedAt,
    [property: Id(6)] bool Finished);
