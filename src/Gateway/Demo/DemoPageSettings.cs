namespace GoRtc.Gateway.Demo;

/// <summary>What the demo page reads at start (<c>GET /demo-settings.json</c> on the WebSocket port).</summary>
/// <param name="IceServers">STUN/TURN servers for its calls; empty: host candidates only, enough on one machine or LAN.</param>
internal sealed record DemoPageSettings(IReadOnlyList<IceServer> IceServers);
