namespace GoRtc.Silo.Hosting;

/// <summary>
/// The <c>Cluster</c> configuration section. With <c>Redis</c> unset a process runs the all-in-one node (localhost
/// clustering); with it set, silos and gateways find each other through Redis.
/// </summary>
public sealed class GoRtcClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>Cluster id shared by every silo and gateway of one deployment.</summary>
    public string ClusterId { get; set; } = "gortc";

    /// <summary>Service id (stable across redeployments).</summary>
    public string ServiceId { get; set; } = "gortc";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port gateways (Orleans clients) connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address this silo advertises to the others; defaults to 127.0.0.1 (set it in a real deployment).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Per-call response timeout: signalling must not wait Orleans' default 30 s on a dead silo.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a silo waits for a peer's answer to a liveness probe (Orleans' <c>ProbeTimeout</c>); unset keeps
    /// Orleans' default. With <see cref="MissedProbesLimit"/> it sets how soon a crashed silo is declared dead and its
    /// grains come back elsewhere.
    /// </summary>
    public TimeSpan? ProbeTimeout { get; set; }

    /// <summary>
    /// How often a gateway re-reads the list of live silos (Orleans' <c>GatewayListRefreshPeriod</c>, 1 min by default).
    /// A gateway only reaches silos it knows: after a silo restarts, the gateway must learn of it before the silo it
    /// still uses dies too, or its users are unreachable until it does.
    /// </summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Missed probes before a silo is suspected (Orleans' <c>NumMissedProbesLimit</c>); unset keeps Orleans' default.</summary>
    public int? MissedProbesLimit { get; set; }

    /// <summary>
    /// Most grain locations a silo caches (Orleans' <c>GrainDirectoryOptions.CacheSize</c>, 1,000,000 by default).
    /// Every dialogue is a grain with an id of its own, used for seconds: with Orleans' default the cache fills with the
    /// locations of long-gone dialogues (about 1 GB at 1,000,000) and memory grows under load for many minutes. A
    /// bounded cache keeps memory flat and still holds every live user and dialogue of a busy silo.
    /// </summary>
    public int DirectoryCacheSize { get; set; } = 100_000;
}
