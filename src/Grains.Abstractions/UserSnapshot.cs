namespace GoRtc.Grains;

/// <summary>What a user grain holds, for the management views (<c>/runtime/v1/jstack</c>).</summary>
/// <param name="UserId">The userid (the grain's key).</param>
/// <param name="Connection">The socket the user is connected on (its gateway and id), or null while away.</param>
/// <param name="OutboxLength">Messages queued for the user while away.</param>
/// <param name="EverConnected">Whether the user has ever connected (else messages for it are answered 480).</param>
[GenerateSerializer, Immutable]
public sealed record UserSnapshot(
    [property: Id(0)] string UserId,
    [property: Id(1)] ConnectionAddress? Connection,
    [property: Id(2)] int OutboxLength,
    [property: Id(3)] bool EverConnected)
{
    public bool IsConnected => Connection is not null;
}
