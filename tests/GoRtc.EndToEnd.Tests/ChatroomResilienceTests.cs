using System.Text.Json;
using GoRtc.EndToEnd.Tests.Fixtures;
using GoRtc.Testing;
using Xunit;
using static GoRtc.EndToEnd.Tests.Fixtures.ChatroomClient;

namespace GoRtc.EndToEnd.Tests;

/// <summary>
/// Rooms live in the cluster, not in a silo: members expire on their own, and a room keeps its members and keeps
/// delivering when the silo that served it dies.
/// </summary>
[Collection(ChatroomClusterCollection.Name)]
public sealed class ChatroomResilienceTests
{
    private readonly ChatroomCluster _cluster;

    public ChatroomResilienceTests(ChatroomCluster cluster) => _cluster = cluster;

    [Fact]
    public async Task Member_whose_subscription_runs_out_is_removed_and_the_room_goes_with_its_last_member()
    {
        var room = UniqueRoom();
        var (alex, bob) = (UniqueUser("Alex"), UniqueUser("Bob"));
        await using var a = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[0], alex);
        await using var b = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[1], bob);
        await a.AskAsync(Subscribe(room, alex, 2));
        await b.AskAsync(Subscribe(room, bob, 60));

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var late = await a.AskAsync(Message(room, alex, "too late"));
        Assert.Equal((404, "User Not Exist"), (late.GetProperty("Code").GetInt32(), late.GetProperty("Reason").GetString()));
        Assert.Equal([bob], await MembersAsync(room));
        Assert.Equal(200, (await b.AskAsync(Message(room, bob, "anyone?"))).GetProperty("Code").GetInt32());
        await a.ExpectSilenceAsync(TimeSpan.FromMilliseconds(500)); // an expired member gets no delivery

        await b.AskAsync(Subscribe(room, bob, 1));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var gone = await b.AskAsync(Message(room, bob, "hello?"));
        Assert.Equal((404, "Room Not Exist"), (gone.GetProperty("Code").GetInt32(), gone.GetProperty("Reason").GetString()));
        Assert.DoesNotContain(room.ToLowerInvariant(), await RoomsAsync());
    }

    [Fact]
    public async Task Room_keeps_its_members_and_delivers_when_the_silo_holding_it_dies()
    {
        var room = UniqueRoom();
        var (alex, bob, carol) = (UniqueUser("Alex"), UniqueUser("Bob"), UniqueUser("Carol"));
        await using var a = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[0], alex);
        await using var b = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[1], bob);
        await using var c = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[0], carol);
        foreach (var (client, id) in new[] { (a, alex), (b, bob), (c, carol) })
        {
            Assert.Equal(200, (await client.AskAsync(Subscribe(room, id, 300))).GetProperty("Code").GetInt32());
        }

        // Kill the silo holding the room's state (its grain logs its activation), and with it whatever else it held.
        var key = $"room/{room.ToLowerInvariant()}";
        var silo = Enumerable.Range(0, _cluster.Silos.Count).Single(i => _cluster.Silos[i].OutputLines.Any(l => l.Contains(key, StringComparison.Ordinal)));
        await _cluster.KillSiloAsync(silo);
        try
        {
            var body = await SendUntilAcceptedAsync(a, room, alex, "after the room's silo died");
            await ReceiveBodyAsync(b, body, _cluster);
            await ReceiveBodyAsync(c, body, _cluster);
            Assert.Equal([alex, bob, carol], await MembersAsync(room));
            Assert.Equal(200, (await b.AskAsync(Message(room, bob, "and back"))).GetProperty("Code").GetInt32());
            await ReceiveBodyAsync(a, "and back", _cluster);
        }
        finally
        {
            await _cluster.RestartSiloAsync(silo);
        }
    }

    /// <summary>Sends MESSAGEs (each on a new dialogue) until one is answered 200, while the cluster recovers.</summary>
    private static async Task<string> SendUntilAcceptedAsync(JsipTestClient client, string room, string member, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        for (var attempt = 1; DateTime.UtcNow < deadline; attempt++)
        {
            var body = $"{text} #{attempt}";
            try
            {
                var answer = await client.AskAsync(Message(room, member, body), TimeSpan.FromSeconds(8));
                if (answer.GetProperty("Code").GetInt32() == 200)
                {
                    return body;
                }
            }
            catch (TimeoutException)
            {
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"No MESSAGE to {room} was accepted within 45 s of the silo's death.");
    }

    /// <summary>Answers deliveries until the one carrying <paramref name="body"/> (earlier attempts may arrive first).</summary>
    private static async Task ReceiveBodyAsync(JsipTestClient client, string body, IGoRtcTopology topology)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var delivered = await client.ReceiveAsync(deadline - DateTime.UtcNow);
            if (delivered?.Json is not { } json)
            {
                break;
            }

            if (json.GetProperty("Type").GetString() == "MESSAGE")
            {
                await client.SendAsync(JsipClientExtensions.ResponseTo(json, 200));
                if (json.GetProperty("Body").GetString() == body)
                {
                    return;
                }
            }
        }

        Assert.Fail($"{client.Name} did not receive '{body}'\n\n{topology.Report()}");
    }

    private async Task<string[]> MembersAsync(string room)
    {
        using var http = new HttpClient();
        var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(_cluster.ApiBases[1], $"/chatroom/v1/rooms/{Uri.EscapeDataString(room)}"))).RootElement;
        return [.. json.GetProperty(room.ToLowerInvariant()).EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
    }

    private async Task<string?[]> RoomsAsync()
    {
        using var http = new HttpClient();
        var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(_cluster.ApiBase, "/chatroom/v1/rooms"))).RootElement;
        return [.. json.GetProperty("rooms").EnumerateArray().Select(r => r.GetString())];
    }
}
