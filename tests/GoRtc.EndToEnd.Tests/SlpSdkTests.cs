using System.Text.Json;
using GoRtc.EndToEnd.Tests.Fixtures;
using GoRtc.Testing;
using Xunit;
using static GoRtc.EndToEnd.Tests.Fixtures.JsipClientExtensions;

namespace GoRtc.EndToEnd.Tests;

/// <summary>
/// The SLP SDK as a plugin author uses it, through a test plugin (<c>probe</c>) loaded on the cluster's silos:
/// relids, the per-SLP shared context, timers and settings.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SlpSdkTests
{
    private const string Probe = "gortc.com;type=probe";
    private readonly TwoByTwoCluster _cluster;

    public SlpSdkTests(TwoByTwoCluster cluster) => _cluster = cluster;

    [Fact]
    public async Task Request_carrying_a_relid_joins_the_instance_that_created_it()
    {
        var user = $"Rel-{Guid.NewGuid():N}@gortc.com";
        await using var first = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[0], user);
        await first.SendAsync(Request("MESSAGE", "relid", user, "probe", $"r1-{Guid.NewGuid():N}", 1, Probe));
        var relId = (await first.ExpectAsync("RESPONSE", 200)).GetProperty("Body").GetString()!;

        // Another user, through the other gateway, on a new dialogue.
        var other = $"Rel2-{Guid.NewGuid():N}@gortc.com";
        await using var second = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[1], other);
        await second.SendAsync(Request("MESSAGE", "anything", other, "probe", $"r2-{Guid.NewGuid():N}", 1, $"gortc.com;relid={relId}"));
        var body = (await second.ExpectAsync("RESPONSE", 200)).GetProperty("Body").GetString();
        Assert.StartsWith($"related to {relId}, message 2 of instance", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_relid_is_answered_404()
    {
        var user = $"Rel-{Guid.NewGuid():N}@gortc.com";
        await using var client = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[0], user);
        await client.SendAsync(Request("MESSAGE", "x", user, "probe", $"r-{Guid.NewGuid():N}", 1, "gortc.com;relid=relgortc.com+probe-1-00000000000000000000000000000000.1"));
        await client.ExpectAsync("RESPONSE", 404);
    }

    [Fact]
    public async Task Slp_settings_come_from_configuration()
    {
        var user = $"Set-{Guid.NewGuid():N}@gortc.com";
        await using var client = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[1], user);
        await client.SendAsync(Request("MESSAGE", "settings", user, "probe", $"g-{Guid.NewGuid():N}", 1, Probe));
        Assert.Equal("hello from settings", (await client.ExpectAsync("RESPONSE", 200)).GetProperty("Body").GetString());
    }

    /// <summary>
    /// Spec §2.4: a request repeated within transtimer gets the answer already given, and the SLP does not see it
    /// again — also once its SLP instance has finished and the dialogue has ended (its shard remembers the answer). A
    /// second SLP instance would answer with the next instance number.
    /// </summary>
    [Fact]
    public async Task Retransmission_after_the_dialogue_ended_gets_the_same_answer()
    {
        var user = $"Retx-{Guid.NewGuid():N}@gortc.com";
        await using var client = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[0], user);
        var request = Request("MESSAGE", "shared", user, "probe", $"x-{Guid.NewGuid():N}", 7, Probe);
        await client.SendAsync(request);
        var first = (await client.ExpectAsync("RESPONSE", 200)).GetProperty("Body").GetString();

        // Long enough for the instance to finish and the dialogue to end; well within transtimer (2 s).
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        await client.SendAsync(request);
        var again = (await client.ExpectAsync("RESPONSE", 200)).GetProperty("Body").GetString();
        Assert.Equal(first, again);

        // After transtimer the same request is a new one, served by a new instance.
        await Task.Delay(TestTimers.TransactionTimeout + TimeSpan.FromMilliseconds(500));
        await client.SendAsync(request);
        var later = (await client.ExpectAsync("RESPONSE", 200)).GetProperty("Body").GetString();
        Assert.NotEqual(first, later);
    }

    /// <summary>
    /// The stack keeps its own copies of what it remembers: an SLP that changes the request it got and the answer it
    /// sent, once sent, changes neither the answer a retransmission gets nor whether it is seen as one (a request
    /// taken for a new one would reach a new instance, with the next instance number).
    /// </summary>
    [Fact]
    public async Task Slp_changing_messages_after_sending_them_does_not_change_what_the_stack_remembers()
    {
        var user = $"Reuse-{Guid.NewGuid():N}@gortc.com";
        await using var client = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[0], user);
        var request = Request("MESSAGE", "reuse", user, "probe", $"r-{Guid.NewGuid():N}", 3, Probe, "hello");
        await client.SendAsync(request);
        var first = (await client.ExpectAsync("RESPONSE", 200)).GetProperty("Body").GetString();
        Assert.StartsWith("original ", first, StringComparison.Ordinal);

        await Task.Delay(TimeSpan.FromMilliseconds(300));
        await client.SendAsync(request);
        Assert.Equal(first, (await client.ExpectAsync("RESPONSE", 200)).GetProperty("Body").GetString());
    }

    [Fact]
    public async Task Slp_timer_fires_in_turn_and_can_send()
    {
        var user = $"Timer-{Guid.NewGuid():N}@gortc.com";
        await using var client = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[0], user);
        await client.SendAsync(Request("MESSAGE", "timer", user, "probe", $"t-{Guid.NewGuid():N}", 1, Probe));
        Assert.Equal("armed", (await client.ExpectAsync("RESPONSE", 200)).GetProperty("Body").GetString());
        var tick = await client.ExpectAsync("MESSAGE", timeout: TimeSpan.FromSeconds(5));
        Assert.Equal("tick", tick.GetProperty("Body").GetString());
        await client.SendAsync(ResponseTo(tick, 200));
        await RuntimeProbe.WaitQuietAsync(_cluster, TimeSpan.FromSeconds(20));
    }
}

/// <summary>The per-SLP shared context, on the one silo of an all-in-one node.</summary>
[Collection(AllInOneCollection.Name)]
public sealed class SlpSharedContextTests
{
    private const string Probe = "gortc.com;type=probe";
    private readonly AllInOneNode _node;

    public SlpSharedContextTests(AllInOneNode node) => _node = node;

    [Fact]
    public async Task Instances_on_one_silo_share_the_slp_context()
    {
        var user = $"Shared-{Guid.NewGuid():N}@gortc.com";
        await using var client = await JsipTestClient.ConnectAsync(_node.RtcEndpoints[0], user);
        var numbers = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            await client.SendAsync(Request("MESSAGE", "shared", user, "probe", $"s{i}-{Guid.NewGuid():N}", 1, Probe));
            var body = (await client.ExpectAsync("RESPONSE", 200)).GetProperty("Body").GetString()!;
            numbers.Add(int.Parse(body["instance ".Length..], System.Globalization.CultureInfo.InvariantCulture));
        }

        // Two instances (each finished after answering), counted one after the other by the context they share.
        Assert.Equal(numbers[0] + 1, numbers[1]);
    }

}
