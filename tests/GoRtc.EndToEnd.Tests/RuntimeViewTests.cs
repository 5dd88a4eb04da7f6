using System.Net;
using System.Text.Json;
using GoRtc.EndToEnd.Tests.Fixtures;
using GoRtc.Testing;
using Xunit;
using static GoRtc.EndToEnd.Tests.Fixtures.JsipClientExtensions;

namespace GoRtc.EndToEnd.Tests;

/// <summary>
/// The <c>/runtime/v1/*</c> management views (spec §6.3, protocol decision 8) show what is live across the whole
/// cluster, whichever gateway is asked: a call held open by the test SLP (<c>probe</c>, Request-URI <c>hold</c>)
/// appears in jstack and distribute with its state, and is gone once it ends.
/// </summary>
public abstract class RuntimeViewTests
{
    private const string Probe = "gortc.com;type=probe";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);

    protected RuntimeViewTests(IGoRtcTopology topology, int silos)
    {
        Topology = topology;
        Silos = silos;
    }

    private IGoRtcTopology Topology { get; }

    private int Silos { get; }

    private Uri Api => Topology.ApiBase;

    [Fact]
    public async Task Held_call_is_listed_by_jstack_and_distribute_until_it_ends()
    {
        var (alex, bob) = (Unique("Alex"), Unique("Bob"));
        var call = $"hold-{Guid.NewGuid():N}";

        // Alex on the gateway whose API is asked, Bob on the last gateway (another one in the cluster).
        await using var caller = await JsipTestClient.ConnectAsync(Topology.RtcEndpoints[0], alex);
        await using var other = await JsipTestClient.ConnectAsync(Topology.RtcEndpoints[^1], bob);
        await caller.SendAsync(Request("INVITE", "hold", alex, "probe", call, 1, Probe));
        var relId = (await caller.ExpectAsync("RESPONSE", 180)).GetProperty("Body").GetString()!;

        // Ringing: an EARLY session whose INVITE server transaction waits for the SLP's answer.
        var jstack = await RuntimeProbe.ViewAsync(Api, "jstack");
        var gatewayId = jstack.GetProperty("thisGateway").GetProperty("id").GetString();
        var connected = Items(jstack, "connectedUsers");
        Assert.Equal(gatewayId, Single(connected, "userId", alex).GetProperty("gatewayId").GetString());
        var bobEntry = Single(connected, "userId", bob);
        Assert.Equal(Topology.RtcEndpoints.Count == 1, bobEntry.GetProperty("gatewayId").GetString() == gatewayId);
        var ownSockets = Items(jstack.GetProperty("thisGateway"), "connections").Select(c => c.GetProperty("userId").GetString()).ToArray();
        Assert.Contains(alex, ownSockets);
        Assert.Equal(Topology.RtcEndpoints.Count == 1, ownSockets.Contains(bob));

        var dialogue = Single(Items(jstack, "liveDialogues"), "dialogueId", call);
        Assert.Equal("EARLY", dialogue.GetProperty("session").GetString());
        Assert.Equal(alex, dialogue.GetProperty("peer").GetString());
        var instanceId = dialogue.GetProperty("slpInstance").GetString()!;
        Assert.StartsWith("probe-", instanceId, StringComparison.Ordinal);
        var transaction = Single(Items(jstack, "transactions"), "dialogueId", call);
        Assert.Equal((1, "INVITE", "server", "Provisional"), (
            transaction.GetProperty("cseq").GetInt32(), transaction.GetProperty("method").GetString(),
            transaction.GetProperty("role").GetString(), transaction.GetProperty("state").GetString()));
        Assert.True(jstack.GetProperty("sessions").GetInt32() >= 1);
        Assert.True(jstack.GetProperty("dialogues").GetInt32() >= 1);
        Assert.Equal(Silos, jstack.GetProperty("silos").GetInt32());

        var text = await RuntimeProbe.ViewTextAsync(Api, "jstack");
        Assert.StartsWith("!!!!! connections: ", text, StringComparison.Ordinal);
        var sessions = text.IndexOf("\n!!!!! sessions: ", StringComparison.Ordinal);
        var transactions = text.IndexOf("\n!!!!! transactions: ", StringComparison.Ordinal);
        Assert.True(sessions > 0 && transactions > sessions, text);
        Assert.Contains($"\n\t{alex}\n", text[..(sessions + 1)], StringComparison.Ordinal);
        Assert.Contains($"\n\t{bob}\n", text[..(sessions + 1)], StringComparison.Ordinal);
        Assert.Contains($"\n\t{call}\n", text[sessions..(transactions + 1)], StringComparison.Ordinal);
        Assert.Contains($"\n\t{call}:1\n", text[transactions..], StringComparison.Ordinal);

        // The instance and the relid that leads to it.
        var distribute = await RuntimeProbe.ViewAsync(Api, "distribute");
        var instance = Single(Items(distribute, "instances"), "instanceId", instanceId);
        Assert.Equal("probe", instance.GetProperty("slp").GetString());
        Assert.False(instance.GetProperty("finished").GetBoolean());
        Assert.Equal(JsonValueKind.String, instance.GetProperty("startedAt").ValueKind);
        Assert.Contains(call, Items(instance, "dialogues").Select(d => d.GetString()));
        Assert.Equal([relId], Items(instance, "relIds").Select(r => r.GetString()));
        Assert.Equal(instanceId, Single(Items(distribute, "relIds"), "relId", relId).GetProperty("instanceId").GetString());

        var distributeText = await RuntimeProbe.ViewTextAsync(Api, "distribute");
        Assert.StartsWith("relids:{\n", distributeText, StringComparison.Ordinal);
        var relIdsEnd = distributeText.IndexOf("\n}\n", StringComparison.Ordinal);
        Assert.True(relIdsEnd > 0, distributeText);
        Assert.Contains($"\n    {relId}: {instanceId}\n", distributeText[..(relIdsEnd + 1)], StringComparison.Ordinal);
        Assert.Contains($"\n    {instanceId}: slp=probe ", distributeText[relIdsEnd..], StringComparison.Ordinal);

        // Bob, through the relid, has the SLP answer the call; Alex acknowledges: the session is ACKED, nothing pending.
        await other.SendAsync(Request("MESSAGE", "answer", bob, "probe", $"rel-{Guid.NewGuid():N}", 1, $"gortc.com;relid={relId}"));
        Assert.Equal($"answered {call}", (await other.ExpectAsync("RESPONSE", 200)).GetProperty("Body").GetString());
        await caller.ExpectAsync("RESPONSE", 200);
        await caller.SendAsync(Request("ACK", "hold", alex, "probe", call, 2));
        await RuntimeProbe.WaitForViewAsync(
            Topology, "jstack",
            v => Items(v, "liveDialogues").Any(d => d.GetProperty("dialogueId").GetString() == call && d.GetProperty("session").GetString() == "ACKED")
                && !Items(v, "transactions").Any(t => t.GetProperty("dialogueId").GetString() == call),
            $"{call} ACKED with no transaction", Settle);

        // Hang-up: the dialogue, then the instance (which finishes when its call ends), disappear.
        await caller.SendAsync(Request("BYE", "hold", alex, "probe", call, 3));
        await caller.ExpectAsync("RESPONSE", 200);
        await RuntimeProbe.WaitForViewAsync(
            Topology, "jstack", v => !Items(v, "liveDialogues").Any(d => d.GetProperty("dialogueId").GetString() == call), $"{call} gone", Settle);
        await RuntimeProbe.WaitForViewAsync(
            Topology, "distribute", v => !Items(v, "instances").Any(i => i.GetProperty("instanceId").GetString() == instanceId)
                && !Items(v, "relIds").Any(r => r.GetProperty("relId").GetString() == relId),
            $"{instanceId} and {relId} gone", Settle);
    }

    [Fact]
    public async Task Limit_caps_the_listed_ids_but_not_the_counts()
    {
        await using var first = await JsipTestClient.ConnectAsync(Topology.RtcEndpoints[0], Unique("Lim"));
        await using var second = await JsipTestClient.ConnectAsync(Topology.RtcEndpoints[^1], Unique("Lim"));
        await using var third = await JsipTestClient.ConnectAsync(Topology.RtcEndpoints[0], Unique("Lim"));

        var jstack = await RuntimeProbe.WaitForViewAsync(
            Topology, "jstack?limit=1", v => v.GetProperty("connectedUsers").GetProperty("count").GetInt32() >= 3, "3 connected users", Settle);

        var users = jstack.GetProperty("connectedUsers");
        Assert.Single(users.GetProperty("items").EnumerateArray());
        Assert.True(users.GetProperty("truncated").GetBoolean());
        Assert.Equal(1, jstack.GetProperty("limit").GetInt32());
        var text = await RuntimeProbe.ViewTextAsync(Api, "jstack?limit=1");
        Assert.Matches(@"^!!!!! connections: \d+\n\t[^\n]+\n\t\.\.\. \d+ more", text);

        // ?format=text works without an Accept header, and together with limit.
        using (var plain = await RuntimeProbe.SendAsync(HttpMethod.Get, Api, "/runtime/v1/distribute?limit=0&format=text"))
        {
            Assert.Equal("text/plain", plain.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("relids:{\n", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var invalid = await RuntimeProbe.SendAsync(HttpMethod.Get, Api, "/runtime/v1/jstack?limit=many");
        await AssertProblemAsync(invalid, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Stack_lists_the_silos_the_gateway_and_this_process()
    {
        var stack = await RuntimeProbe.ViewAsync(Api, "stack");

        var silos = stack.GetProperty("silos").EnumerateArray().Where(s => s.GetProperty("status").GetString() == "Active").ToArray();
        Assert.Equal(Silos, silos.Length);
        Assert.All(silos, s => Assert.True(s.GetProperty("activations").GetInt32() > 0, s.ToString()));
        var jstack = await RuntimeProbe.ViewAsync(Api, "jstack");
        Assert.Equal(
            jstack.GetProperty("thisGateway").GetProperty("id").GetString(),
            stack.GetProperty("gateways").GetProperty("thisGateway").GetProperty("id").GetString());
        Assert.Equal(Topology.RtcEndpoints.Count == 1, stack.GetProperty("gateways").GetProperty("thisGateway").GetProperty("hostsSilo").GetBoolean());
        var process = stack.GetProperty("process");
        Assert.True(process.GetProperty("pid").GetInt32() > 0);
        Assert.True(process.GetProperty("threadCount").GetInt32() > 0);
        Assert.NotEmpty(process.GetProperty("threads").EnumerateArray());
        Assert.True(process.GetProperty("threadPool").GetProperty("threads").GetInt32() > 0);

        var text = await RuntimeProbe.ViewTextAsync(Api, "stack");
        Assert.StartsWith("!!!!! silos: ", text, StringComparison.Ordinal);
        Assert.Contains("\n!!!!! process ", text, StringComparison.Ordinal);
        Assert.Contains("\n!!!!! threads: ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_view_is_404_and_writing_to_a_view_is_405()
    {
        using (var unknown = await RuntimeProbe.SendAsync(HttpMethod.Get, Api, "/runtime/v1/goroutines"))
        {
            await AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        }

        foreach (var (method, path) in new[] { (HttpMethod.Post, "/runtime/v1/jstack"), (HttpMethod.Delete, "/runtime/v1/distribute"), (HttpMethod.Post, "/runtime/v1/anything/else") })
        {
            using var response = await RuntimeProbe.SendAsync(method, Api, path);
            await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
            Assert.Contains("GET", response.Content.Headers.Allow);
        }
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
    }

    private static IEnumerable<JsonElement> Items(JsonElement view, string listing) =>
        view.GetProperty(listing).GetProperty("items").EnumerateArray();

    private static JsonElement Single(IEnumerable<JsonElement> items, string property, string value)
    {
        var all = items.ToArray();
        var matches = all.Where(i => i.GetProperty(property).GetString() == value).ToArray();
        Assert.True(matches.Length == 1, $"expected one item with {property} = {value} in [{string.Join(", ", all)}]");
        return matches[0];
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}@gortc.com";
}

[Collection(AllInOneCollection.Name)]
public sealed class RuntimeViewsOnAllInOneNode : RuntimeViewTests
{
    public RuntimeViewsOnAllInOneNode(AllInOneNode node)
        : base(node, silos: 1)
    {
    }
}

[Collection(ClusterCollection.Name)]
public sealed class RuntimeViewsOnCluster : RuntimeViewTests
{
    public RuntimeViewsOnCluster(TwoByTwoCluster cluster)
        : base(cluster, silos: 2)
    {
    }
}
