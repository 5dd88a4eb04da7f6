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
