namespace GoRtc.Grains;

/// <summary>One WebSocket: the gateway process that holds it and the socket's own id.</summary>
[GenerateSerializer, Immutable]
public readonly record struct ConnectionAddress([property: Id(0)] Guid GatewayId, [property: Id(1)] Guid ConnectionId);
