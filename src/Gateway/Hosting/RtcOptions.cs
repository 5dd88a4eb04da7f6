using System.ComponentModel.DataAnnotations;
using GoRtc.Gateway.Demo;

namespace GoRtc.Gateway.Hosting;

/// <summary>The <c>Rtc</c> configuration section: the JSIP WebSocket endpoint (the reference's <c>[RTCModule]</c>).</summary>
public sealed class RtcOptions
{
    public const string SectionName = "Rtc";

    /// <summary>Port of the WebSocket endpoint (reference <c>listen :8080</c>).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 8080;

    /// <summary>Address to listen on: <c>*</c> for every interface.</summary>
    public string ListenAddress { get; set; } = "*";

    /// <summary>Path of the endpoint (reference <c>location</c>).</summary>
    [Required, RegularExpression("^/.*")]
    public string Path { get; set; } = "/rtc";

    /// <summary>Largest JSIP message accepted; a larger frame is discarded (and counted), the socket stays open.</summary>
    [Range(256, 16 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Messages queued for one socket before it is considered stuck and closed (reference <c>qsize</c>).</summary>
    [Range(1, 1_000_000)]
    public int SendQueueSize { get; set; } = 1024;

    /// <summary>WebSockets this gateway accepts at once; beyond it the handshake gets 503.</summary>
    [Range(1, 10_000_000)]
    public int MaxConnections { get; set; } = 100_000;

    /// <summary>WebSockets accepted from one remote address; beyond it the handshake gets 429.</summary>
    [Range(1, 10_000_000)]
    public int MaxConnectionsPerAddress { get; set; } = 10_000;

    /// <summary>
    /// Further attempts at handing a message to the cluster when an attempt failed because the cluster was changing
    /// (a silo died or restarted, a call timed out); after the last, a request is answered 503. 0: answer at once.
    /// </summary>
    [Range(0, 10)]
    public int DispatchRetries { get; set; } = 3;

    /// <summary>Pause before the first retry of <see cref="DispatchRetries"/>; each next one waits 4× as long.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan DispatchRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>When set, each handshake is POSTed here and accepted only on a 200 (reference <c>authurl</c>).</summary>
    public Uri? AuthUrl { get; set; }

    /// <summary>Timeout of the <see cref="AuthUrl"/> call (reference <c>authtimeout</c>).</summary>
    public TimeSpan AuthTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Serve the demo page at <c>/</c> on this port (chat room and audio/video calls in the browser, through the
    /// JavaScript client served at <c>/lib/gortc/</c>). Off: this port answers only the WebSocket endpoint and
    /// <c>/healthz</c>.
    /// </summary>
    public bool DemoPage { get; set; } = true;

    /// <summary>
    /// STUN/TURN servers the demo page's calls use. Empty by default: host candidates only, which is enough on one
    /// machine or one LAN; peers behind different NATs need a STUN server, and a TURN server where UDP cannot pass.
    /// </summary>
    public IList<IceServer> IceServers { get; } = [];
}
