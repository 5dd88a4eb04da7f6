using GoRtc.Grains;
using GoRtc.Silo.Hosting;
using GoRtc.Silo.Plugins;
using GoRtc.Silo.Push;
using GoRtc.Silo.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoRtc.Silo.Dialogs;

/// <summary>What the dialogues and SLP instances of every shard of a silo use, built once.</summary>
internal sealed class ShardServices(
    IOptions<JsipOptions> options, PluginCatalog catalog, TimeProvider time, JsipMetrics metrics, JsipGrains grains,
    GatewayPushService push, DialogueMilestones milestones, DialogueCounts counts, ClusterStateFactory clusterState,
    ILoggerFactory loggerFactory)
{
    public JsipOptions Options { get; } = options.Value;

    public Jsip.Stack.StackOptions StackOptions { get; } = options.Value.ToStackOptions();

    /// <summary>
    /// How finely a shard's timer follows its dialogues' deadlines: each is rounded up to a multiple of this, so that a
    /// shard fires once for all the deadlines of a slot. A shard of a busy silo has a deadline every few milliseconds
    /// (every transaction has one), and a grain timer per deadline cost ~10 % of a node's CPU. A fiftieth of transtimer
    /// (100 ms at the default 5 s), at most 100 ms, is far inside what any JSIP timer needs.
    /// </summary>
    public TimeSpan TimerResolution { get; } =
        TimeSpan.FromTicks(Math.Clamp(options.Value.TransactionTimeout.Ticks / 50, TimeSpan.TicksPerMillisecond, 100 * TimeSpan.TicksPerMillisecond));

    public PluginCatalog Catalog => catalog;

    public TimeProvider Time => time;

    public JsipMetrics Metrics => metrics;

    public JsipGrains Grains => grains;

    public GatewayPushService Push => push;

    public DialogueMilestones Milestones => milestones;

    public DialogueCounts Counts => counts;

    public ClusterStateFactory ClusterState => clusterState;

    public ILoggerFactory LoggerFactory => loggerFactory;

    public ILogger DialogueLogger { get; } = loggerFactory.CreateLogger<HostedDialogue>();

    public ILogger InstanceLogger { get; } = loggerFactory.CreateLogger<Slps.SlpInstance>();
}
