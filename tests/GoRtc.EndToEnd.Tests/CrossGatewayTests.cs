using GoRtc.EndToEnd.Tests.Fixtures;
using GoRtc.Testing;
using Xunit;
using static GoRtc.EndToEnd.Tests.Fixtures.JsipClientExtensions;

namespace GoRtc.EndToEnd.Tests;

/// <summary>
/// Any user reaches any user through any gateway: two users on different gateway processes, bridged by the relay SLP
/// running on a silo process.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CrossGatewayTests
{
    private const string Relay = "gortc.com;type=relay";
    private readonly TwoByTwoCluster _cluster;

    public CrossGatewayTests(TwoByTwoCluster cluster) => _cluster = cluster;

    [Fact]
    public async Task Call_between_users_on_different_gateways_completes()
    {
        var (alex, bob) = (Unique("Alex"), Unique("Bob"));
        await using var caller = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[0], alex);
        await using var callee = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[1], bob);
        var dialogue = $"call-{Guid.NewGuid():N}";

        await caller.SendAsync(Request("INVITE", bob, alex, bob, dialogue, 1, Relay, "offer"));
        var invite = await callee.ExpectAsync("INVITE");
        Assert.Equal("offer", invite.GetProperty("Body").GetString());
        Assert.Equal(bob, invite.GetProperty("Request-URI").GetString());
        await callee.SendAsync(ResponseTo(invite, 180));
        await caller.ExpectAsync("RESPONSE", 180);
        await callee.SendAsync(ResponseTo(invite, 200, "answer"));
        var ok = await caller.ExpectAsync("RESPONSE", 200);
        Assert.Equal("answer", ok.GetProperty("Body").GetString());
        Assert.Equal(1, ok.GetProperty("CSeq").GetInt32());
        await caller.SendAsync(Request("ACK", bob, alex, bob, dialogue, 2));
        await callee.ExpectAsync("ACK");

        await caller.SendAsync(Request("INVITE", bob, alex, bob, dialogue, 3, body: "offer2"));
        var reInvite = await callee.ExpectAsync("INVITE");
        Assert.Equal("offer2", reInvite.GetProperty("Body").GetString());
        await callee.SendAsync(ResponseTo(reInvite, 200, "answer2"));
        Assert.Equal(3, (await caller.ExpectAsync("RESPONSE", 200)).GetProperty("CSeq").GetInt32());
        await caller.SendAsync(Request("ACK", bob, alex, bob, dialogue, 4));
        await callee.ExpectAsync("ACK");

        await caller.SendAsync(Request("BYE", bob, alex, bob, dialogue, 5));
        Assert.Equal(5, (await caller.ExpectAsync("RESPONSE", 200)).GetProperty("CSeq").GetInt32());
        var bye = await callee.ExpectAsync("BYE");
        await callee.SendAsync(ResponseTo(bye, 200));

        await RuntimeProbe.WaitQuietAsync(_cluster, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Messages_queued_while_away_reach_the_user_on_the_other_gateway_in_order()
    {
        var (alex, bob) = (Unique("Alex"), Unique("Bob"));
        await using (var away = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[1], bob))
        {
            await away.CloseAsync();
        }

        await using var sender = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[0], alex);
        await Task.Delay(300); // the gateway reports the closed socket to the user's grain
        for (var i = 1; i <= 3; i++)
        {
            // Each message runs through its own relay instance; spacing them fixes the order they reach the outbox in.
            await sender.SendAsync(Request("MESSAGE", bob, alex, bob, $"m{i}-{Guid.NewGuid():N}", 1, Relay, $"message {i}"));
            await Task.Delay(150);
        }

        await Task.Delay(200);
        await using var back = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[0], bob);
        for (var i = 1; i <= 3; i++)
        {
            var message = await back.ExpectAsync("MESSAGE");
            Assert.Equal($"message {i}", message.GetProperty("Body").GetString());
            await back.SendAsync(ResponseTo(message, 200));
        }

        for (var i = 1; i <= 3; i++)
        {
            await sender.ExpectAsync("RESPONSE", 200);
        }
    }

    [Fact]
    public async Task Request_to_a_user_who_never_connected_gets_480()
    {
        var alex = Unique("Alex");
        var nobody = Unique("Nobody");
        await using var caller = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[0], alex);
        await caller.SendAsync(Request("INVITE", nobody, alex, nobody, $"call-{Guid.NewGuid():N}", 1, Relay));
        var answer = await caller.ExpectAsync("RESPONSE", 480);
        Assert.Equal(1, answer.GetProperty("CSeq").GetInt32());
    }

    [Fact]
    public async Task Same_userid_connecting_again_replaces_and_closes_the_old_socket()
    {
        var (alex, zed) = (Unique("Alex"), Unique("Zed"));
        await using var first = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[0], zed);
        await using var second = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[1], zed);
        Assert.True(await first.WaitForCloseAsync(TimeSpan.FromSeconds(5)), "the replaced socket was not closed");

        await using var sender = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[0], alex);
        await sender.SendAsync(Request("MESSAGE", zed, alex, zed, $"m-{Guid.NewGuid():N}", 1, Relay, "hi"));
        var message = await second.ExpectAsync("MESSAGE");
        await second.SendAsync(ResponseTo(message, 200));
        await sender.ExpectAsync("RESPONSE", 200);
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}@gortc.com";
}
