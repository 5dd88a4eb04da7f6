using System.Globalization;
using System.Text;
using GoRtc.Grains;
using GoRtc.Silo.Dialogs;

namespace GoRtc.Gateway.Rest.Runtime;

/// <summary>
/// <c>GET /runtime/v1/distribute</c>: the SLP instances alive in the cluster and the relids that lead to them (the
/// reference's distribute, §6.3, which printed relid → task).
/// </summary>
internal static class DistributeView
{
    public static async Task<IResult> GetAsync(HttpContext context, IGrainFactory grains, ILogger<ClusterInspector> logger)
    {
        if (!RuntimeEndpoints.TryGetLimit(context, out var limit, out var problem))
        {
            return problem;
        }

        // A cluster that cannot be asked is answered 503 by the API's error handler (UnexpectedErrorHandler).
        var report = await CollectAsync(new ClusterInspector(grains, logger), limit, context.RequestAborted);

        return RuntimeEndpoints.WantsText(context)
            ? RuntimeEndpoints.Text(ToText(report))
            : Results.Json(report, RestJsonContext.Default.DistributeReport);
    }

    private static async Task<DistributeReport> CollectAsync(ClusterInspector inspector, int limit, CancellationToken cancellationToken)
    {
        // SLP instances live in the dialogue shards that started them: ask the shards that are active.
        var live = await inspector.FindAsync([typeof(DialogueShardGrain)], cancellationToken);
        var answers = await inspector.InspectAsync<IDialogueShardGrain, DialogueShardSnapshot>(live[typeof(DialogueShardGrain)], g => g.Inspect(), cancellationToken);
        var instances = answers.Answers
            .SelectMany(s => s.Snapshot.Instances.Select(i => (Snapshot: i, s.Activation.Silo)))
            .OrderBy(i => i.Snapshot.InstanceId, StringComparer.Ordinal)
            .ToArray();
        var relIds = instances
            .SelectMany(i => i.Snapshot.RelIds.Select(r => new RelIdEntry(r, i.Snapshot.InstanceId)))
            .OrderBy(r => r.RelId, StringComparer.Ordinal)
            .ToArray();
        var entries = instances
            .Select(i => new SlpInstanceEntry(
                i.Snapshot.InstanceId, i.Snapshot.SlpName, i.Snapshot.Version, i.Snapshot.StartedAt, i.Snapshot.Finished,
                Listing<string>.Of([.. i.Snapshot.Dialogues.Order(StringComparer.Ordinal)], limit),
                Listing<string>.Of([.. i.Snapshot.RelIds.Order(StringComparer.Ordinal)], limit),
                i.Silo))
            .ToArray();
        return new DistributeReport(limit, Listing<RelIdEntry>.Of(relIds, limit), Listing<SlpInstanceEntry>.Of(entries, limit), answers.Unreachable);
    }

    /// <summary>
    /// The reference's block first (<c>relids:{</c>, one <c>    &lt;relid&gt;: &lt;instance id&gt;</c> line each,
    /// <c>}</c>), then the instances in the same shape, each with its dialogues and relids.
    /// </summary>
    private static string ToText(DistributeReport report)
    {
        var text = new StringBuilder("relids:{\n");
        foreach (var relId in report.RelIds.Items)
        {
            text.Append("    ").Append(relId.RelId).Append(": ").Append(relId.InstanceId).Append('\n');
        }

        More(text, "    ", report.RelIds);
        text.Append("}\n");
        text.Append("instances:{\n");
        foreach (var instance in report.Instances.Items)
        {
            text.Append("    ").Append(instance.InstanceId).Append(": slp=").Append(instance.Slp)
                .Append(" version=").Append(instance.Version?.ToString(CultureInfo.InvariantCulture))
                .Append(" started=").Append(instance.StartedAt?.ToString("O", CultureInfo.InvariantCulture))
                .Append(" finished=").Append(instance.Finished ? "true" : "false")
                .Append(" silo=").Append(instance.Silo).Append('\n');
            foreach (var dialogue in instance.Dialogues.Items)
            {
                text.Append("        dialogue ").Append(dialogue).Append('\n');
            }

            More(text, "        ", instance.Dialogues);
            foreach (var relId in instance.RelIds.Items)
            {
                text.Append("        relid ").Append(relId).Append('\n');
            }

            More(text, "        ", instance.RelIds);
        }

        More(text, "    ", report.Instances);
        text.Append("}\n");
        if (report.Unreachable > 0)
        {
            text.Append("not answering: ").Append(report.Unreachable).Append('\n');
        }

        return text.ToString();
    }

    private static void More<T>(StringBuilder text, string indent, Listing<T> listing)
    {
        if (listing.Truncated)
        {
            text.Append(indent).Append("... ").Append(listing.Count - listing.Items.Count).Append(" more (raise ?limit=)\n");
        }
    }
}

/// <summary>The distribute view in JSON.</summary>
/// <param name="Limit">How many items each list shows at most.</param>
/// <param name="RelIds">Every relid of a live instance, with the instance it leads to.</param>
/// <param name="Instances">Live SLP instances.</param>
/// <param name="Unreachable">Instances that did not answer the inspection (not in the lists).</param>
internal sealed record DistributeReport(int Limit, Listing<RelIdEntry> RelIds, Listing<SlpInstanceEntry> Instances, int Unreachable);

internal sealed record RelIdEntry(string RelId, string InstanceId);

internal sealed record SlpInstanceEntry(
    string InstanceId,
    string? Slp,
    int? Version,
    DateTimeOffset? StartedAt,
    bool Finished,
    Listing<string> Dialogues,
    Listing<string> RelIds,
    string Silo);
