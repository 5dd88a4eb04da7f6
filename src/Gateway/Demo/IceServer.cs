namespace GoRtc.Gateway.Demo;

/// <summary>
/// One STUN or TURN server the demo page hands to its <c>RTCPeerConnection</c> (the WebRTC <c>RTCIceServer</c>
/// dictionary). Configured as <c>Rtc:IceServers:&lt;n&gt;:Urls:&lt;m&gt;</c>, <c>…:Username</c>, <c>…:Credential</c>.
/// </summary>
public sealed class IceServer
{
    /// <summary>The server's URLs, e.g. <c>stun:stun.example.org:3478</c> or <c>turn:turn.example.org?transport=udp</c>.</summary>
    public IList<string> Urls { get; } = [];

    /// <summary>TURN user name; unset for STUN.</summary>
    public string? Username { get; set; }

    /// <summary>TURN credential; unset for STUN.</summary>
    public string? Credential { get; set; }
}
