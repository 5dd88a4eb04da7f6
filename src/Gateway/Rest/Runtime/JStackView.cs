using System.Text;
using System.Text.Json.Serialization;
using GoRtc.Gateway.Connections;
using GoRtc.Grains;
using GoRtc.Silo.Dialogs;
using GoRtc.Silo.Users;

namespace GoRtc.Gateway.Rest.Runtime;

/// <summary>
/// <c>GET /runtime/v1/jstack</c>: the live connections, sessions and transactions of the whole cluster (the
/// reference's jstack, §6.3), with activation counts. The gateway answering only holds its own sockets, so the
/// cluster's connections come from the user grains, and sessions and transactions from the dialogue shards.
/// </summary>
internal static class JStackView
{
    public static async Task<IResult> GetAsync(
        HttpContext context, IGrainFactory grains, ConnectionTable connections, GatewayIdentity gateway, ILogger<ClusterInspector> logger)
    {
        if (!RuntimeEndpoints.TryGetLimit(context, out var limit, out var problem))
        {
            return problem;
        }

        // A cluster that cannot be asked is answered 503 by the API's error handler (UnexpectedErrorHandler).
        var report = await CollectAsync(new ClusterInspector(grains, logger), connections, gateway, limit, context.RequestAborted);

        return RuntimeEndpoints.WantsText(context)
            ? RuntimeEndpoints.Text(ToText(report))
            : Results.Json(report, RestJsonContext.Default.JStackReport);
    }

    private static async Task<JStackReport> CollectAsync(
        ClusterInspector inspector, ConnectionTable connections, GatewayIdentity gateway, int limit, CancellationToken cancellationToken)
    {
        var management = inspector.Management;
        var statisticsTask = management.GetSimpleGrainStatistics();
        var silosTask = management.GetHosts(onlyActive: true);
        var liveTask = inspector.FindAsync([typeof(UserGrain), typeof(DialogueShardGrain)], cancellationToken);
        await Task.WhenAll(statisticsTask, silosTask, liveTask);
        var (statistics, silos, live) = (statisticsTask.Result, silosTask.Result, liveTask.Result);

        var usersTask = inspector.InspectAsync<IUserGrain, UserSnapshot>(live[typeof(UserGrain)], g => g.Inspect(), cancellationToken);
        var shardsTask = inspector.InspectAsync<IDialogueShardGrain, DialogueShardSnapshot>(live[typeof(DialogueShardGrain)], g => g.Inspect(), cancellationToken);
        await Task.WhenAll(usersTask, shardsTask);
        var (users, shards) = (usersTask.Result, shardsTask.Result);

        int Count(Type grainClass)
        {
            var name = ClusterInspector.GrainTypeName(grainClass);
            return statistics.Where(s => string.Equals(s.GrainType, name, StringComparison.Ordinal)).Sum(s => s.ActivationCount);
        }

        var ownSockets = connections.All
            .Select(c => new GatewayConnection(c.Id, c.UserId))
            .OrderBy(c => c.UserId, StringComparer.Ordinal)
            .ToArray();
        var connected = users.Answers
            .Where(u => u.Snapshot.Connection is not null)
            .Select(u => new ConnectedUser(u.Snapshot.UserId, u.Snapshot.Connection!.Value.GatewayId, u.Snapshot.Connection.Value.ConnectionId, u.Snapshot.OutboxLength, u.Activation.Silo))
            .ToArray();
        var away = users.Answers
            .Where(u => u.Snapshot.Connection is null && u.Snapshot.OutboxLength > 0)
            .Select(u => new AwayUser(u.Snapshot.UserId, u.Snapshot.OutboxLength, u.Activation.Silo))
            .ToArray();

        var liveDialogues = shards.Answers
            .SelectMany(s => s.Snapshot.Live.Select(d => (Snapshot: d, s.Activation.Silo)))
            .OrderBy(d => d.Snapshot.DialogueId, StringComparer.Ordinal)
            .ToArray();
        var dialogueEntries = liveDialogues
            .Select(d => new DialogueEntry(
                d.Snapshot.DialogueId, d.Snapshot.SessionState, d.Snapshot.Peer, d.Snapshot.InstanceId,
                d.Snapshot.Transactions.Length, d.Snapshot.Terminated, d.Snapshot.NextDeadline, d.Silo))
            .ToArray();
        var transactions = liveDialogues
            .SelectMany(d => d.Snapshot.Transactions.Select(t => new TransactionEntry(
                d.Snapshot.DialogueId, t.CSeq, t.Method, t.IsServer ? "server" : "client", t.State, t.Deadline)))
            .ToArray();

        return new JStackReport(
            connections.Count,
            dialogueEntries.Length,
            shards.Answers.Sum(s => s.Snapshot.Remembered),
            Count(typeof(UserGrain)),
            shards.Answers.Sum(s => s.Snapshot.Instances.Length),
            silos.Count,
            statistics.GroupBy(s => s.GrainType, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount), StringComparer.Ordinal),
            limit,
            new GatewayConnections(gateway.Id, Listing<GatewayConnection>.Of(ownSockets, limit)),
            Listing<ConnectedUser>.Of(connected, limit),
            Listing<AwayUser>.Of(away, limit),
            Listing<DialogueEntry>.Of(dialogueEntries, limit),
            dialogueEntries.Count(d => d.Session is not null),
            Listing<TransactionEntry>.Of(transactions, limit),
            users.Unreachable + shards.Unreachable);
    }

    /// <summary>
    /// The reference's three sections first (connections: one line per connected userid; sessions: one line per
    /// dialogue with an INVITE session; transactions: <c>&lt;dlg&gt;:&lt;cseq&gt;</c>), then the counts GoRtc adds.
    /// </summary>
    private static string ToText(JStackReport report)
    {
        var text = new StringBuilder();
        Section(text, "connections", report.ConnectedUsers.Count, report.ConnectedUsers.Items.Select(u => u.UserId), report.Limit);
        var sessions = report.LiveDialogues.Items.Where(d => d.Session is not null).Select(d => d.DialogueId).ToArray();
        Section(text, "sessions", report.Sessions, sessions, report.Limit);
        Section(text, "transactions", report.Transactions.Count, report.Transactions.Items.Select(t => $"{t.DialogueId}:{t.CSeq}"), report.Limit);
        Section(text, $"gateway {report.ThisGateway.Id} connections", report.ThisGateway.Connections.Count, report.ThisGateway.Connections.Items.Select(c => c.UserId), report.Limit);
        Section(text, "dialogues", report.Dialogues, [], 0);
        Section(text, "remembered dialogues", report.RememberedDialogues, [], 0);
        Section(text, "users", report.Users, [], 0);
        Section(text, "slp instances", report.SlpInstances, [], 0);
        Section(text, "silos", report.Silos, [], 0);
        if (report.Unreachable > 0)
        {
            Section(text, "not answering", report.Unreachable, [], 0);
        }

        return text.ToString();
    }

    /// <summary><c>!!!!! name: count</c>, then one tab-indented line per listed item, and how many were left out.</summary>
    private static void Section(StringBuilder text, string name, int count, IEnumerable<string> items, int limit)
    {
        text.Append("!!!!! ").Append(name).Append(": ").Append(count).Append('\n');
        var listed = 0;
        foreach (var item in items.Take(limit))
        {
            text.Append('\t').Append(item).Append('\n');
            listed++;
        }

        if (listed < count && limit > 0)
        {
            text.Append("\t... ").Append(count - listed).Append(" more (raise ?limit=)\n");
        }
    }
}

/// <summary>The jstack view in JSON.</summary>
/// <param name="Connections">This gateway's sockets (the field's meaning since the first version; see <paramref name="ConnectedUsers"/> for the cluster).</param>
/// <param name="Dialogues">Dialogues in the cluster with a live transaction or session, or bound to an SLP instance.</param>
/// <param name="RememberedDialogues">Ended dialogues that only remember answered requests (for transtimer, spec §2.4).</param>
/// <param name="Users">User grain activations in the cluster.</param>
/// <param name="SlpInstances">SLP instances alive in the cluster.</param>
/// <param name="Silos">Active silos.</param>
/// <param name="Activations">Activations per grain type, all types.</param>
/// <param name="Limit">How many items each list shows at most.</param>
/// <param name="ThisGateway">The gateway that answered, and its sockets.</param>
/// <param name="ConnectedUsers">Users connected anywhere in the cluster (the reference's connections).</param>
/// <param name="AwayUsers">Users not connected whose outbox holds messages.</param>
/// <param name="LiveDialogues">Dialogues with something live or bound, with their session state.</param>
/// <param name="Sessions">How many of those have an INVITE session (the reference's sessions).</param>
/// <param name="Transactions">Live transactions of all dialogues (the reference's transactions).</param>
/// <param name="Unreachable">Grains (user grains, dialogue shards) that did not answer the inspection (not in the lists).</param>
internal sealed record JStackReport(
    int Connections,
    int Dialogues,
    int RememberedDialogues,
    int Users,
    int SlpInstances,
    int Silos,
    Dictionary<string, int> Activations,
    int Limit,
    GatewayConnections ThisGateway,
    Listing<ConnectedUser> ConnectedUsers,
    Listing<AwayUser> AwayUsers,
    Listing<DialogueEntry> LiveDialogues,
    int Sessions,
    Listing<TransactionEntry> Transactions,
    int Unreachable);

internal sealed record GatewayConnections(Guid Id, Listing<GatewayConnection> Connections);

internal sealed record GatewayConnection(Guid ConnectionId, string UserId);

internal sealed record ConnectedUser(string UserId, Guid GatewayId, Guid ConnectionId, int Outbox, string Silo);

internal sealed record AwayUser(string UserId, int Outbox, string Silo);

internal sealed record DialogueEntry(
    string DialogueId, string? Session, string? Peer, string? SlpInstance, int Transactions, bool Terminated, DateTimeOffset? NextDeadline, string Silo);

internal sealed record TransactionEntry(
    string DialogueId, [property: JsonPropertyName("cseq")] uint CSeq, string Method, string Role, string State, DateTimeOffset Deadline);
