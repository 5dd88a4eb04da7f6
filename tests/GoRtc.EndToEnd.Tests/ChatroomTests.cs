using System.Net;
using System.Text.Json;
using GoRtc.EndToEnd.Tests.Fixtures;
using GoRtc.Testing;
using Xunit;
using static GoRtc.EndToEnd.Tests.Fixtures.ChatroomClient;

namespace GoRtc.EndToEnd.Tests;

/// <summary>
/// The chatroom service as the default configuration loads it (SLP <c>chatroom</c>, selected by
/// <c>Router: gortc.com;type=chatroom</c>, and API <c>chatroom.v1</c>), with members on both gateways of the cluster.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ChatroomTests
{
    private const string Router = "gortc.com;type=chatroom";
    private readonly TwoByTwoCluster _cluster;

    public ChatroomTests(TwoByTwoCluster cluster) => _cluster = cluster;

    [Fact]
    public async Task Message_from_a_member_reaches_every_other_member_on_either_gateway_and_not_the_sender()
    {
        var room = UniqueRoom();
        var (alex, bob, carol) = (UniqueUser("Alex"), UniqueUser("Bob"), UniqueUser("Carol"));
        await using var a = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[0], alex);
        await using var b = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[1], bob);
        await using var c = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[1], carol);
        Assert.Equal(200, (await a.AskAsync(Subscribe(room, alex, 60, Router))).GetProperty("Code").GetInt32());
        Assert.Equal(200, (await b.AskAsync(Subscribe(room, bob, 60, Router))).GetProperty("Code").GetInt32());
        var joined = await c.AskAsync(Subscribe(room, carol, 60, Router));
        var members = JsonDocument.Parse(joined.GetProperty("Body").GetString()!).RootElement.GetProperty("members");
        Assert.Equal([alex, bob, carol], members.EnumerateArray().Select(m => m.GetProperty("id").GetString()).Order());

        Assert.Equal(200, (await a.AskAsync(Message(room, alex, "hello from Alex", Router))).GetProperty("Code").GetInt32());
        foreach (var (client, id) in new[] { (b, bob), (c, carol) })
        {
            var delivered = await client.ReceiveChatAsync();
            Assert.Equal(id, delivered.GetProperty("Request-URI").GetString());
            Assert.Equal("hello from Alex", delivered.GetProperty("Body").GetString());
            Assert.Equal(alex, delivered.GetProperty("P-Asserted-Identity").GetString());
            Assert.Equal(room, delivered.GetProperty("To").GetString());
            Assert.False(delivered.TryGetProperty("Router", out _), "the chatroom's own Router entry is removed");
        }

        Assert.Equal(200, (await c.AskAsync(Message(room, carol, "hi from Carol", Router))).GetProperty("Code").GetInt32());
        Assert.Equal("hi from Carol", (await a.ReceiveChatAsync()).GetProperty("Body").GetString());
        Assert.Equal("hi from Carol", (await b.ReceiveChatAsync()).GetProperty("Body").GetString());
        await a.ExpectSilenceAsync(TimeSpan.FromMilliseconds(500));
        await c.ExpectSilenceAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Chatroom_api_lists_rooms_and_members_and_removes_a_member_from_any_gateway()
    {
        var room = UniqueRoom();
        var (alex, bob) = (UniqueUser("Alex"), UniqueUser("Bob"));
        await using var a = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[0], alex);
        await using var b = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[1], bob);
        await a.AskAsync(Subscribe(room, alex, 60, Router));
        await b.AskAsync(Subscribe(room, bob, 60, Router));
        using var http = new HttpClient();

        foreach (var api in _cluster.ApiBases)
        {
            var rooms = await GetJsonAsync(http, new Uri(api, "/chatroom/v1/rooms"), HttpStatusCode.OK);
            Assert.Equal((0, "OK"), (rooms.GetProperty("code").GetInt32(), rooms.GetProperty("msg").GetString()));
            Assert.Contains(room.ToLowerInvariant(), rooms.GetProperty("rooms").EnumerateArray().Select(r => r.GetString()));

            var detail = await GetJsonAsync(http, new Uri(api, $"/chatroom/v1/rooms/{Uri.EscapeDataString(room)}"), HttpStatusCode.OK);
            var listed = detail.GetProperty(room.ToLowerInvariant());
            Assert.Equal(alex, listed.GetProperty(alex).GetString()); // nickname = From of the first SUBSCRIBE
            Assert.Equal(bob, listed.GetProperty(bob).GetString());
        }

        using (var removed = await http.DeleteAsync(new Uri(_cluster.ApiBases[1], $"/chatroom/v1/rooms/{Uri.EscapeDataString(room)}/{Uri.EscapeDataString(alex)}")))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        var after = await GetJsonAsync(http, new Uri(_cluster.ApiBase, $"/chatroom/v1/rooms/{Uri.EscapeDataString(room)}"), HttpStatusCode.OK);
        Assert.Equal([bob], after.GetProperty(room.ToLowerInvariant()).EnumerateObject().Select(p => p.Name));
        var refused = await a.AskAsync(Message(room, alex, "still here?", Router));
        Assert.Equal((404, "User Not Exist"), (refused.GetProperty("Code").GetInt32(), refused.GetProperty("Reason").GetString()));
        await b.AskAsync(Subscribe(room, bob, 0, Router));

        var gone = await GetJsonAsync(http, new Uri(_cluster.ApiBase, "/chatroom/v1/rooms"), HttpStatusCode.OK);
        Assert.DoesNotContain(room.ToLowerInvariant(), gone.GetProperty("rooms").EnumerateArray().Select(r => r.GetString()));
        var empty = await GetJsonAsync(http, new Uri(_cluster.ApiBase, $"/chatroom/v1/rooms/{Uri.EscapeDataString(room)}"), HttpStatusCode.OK);
        Assert.Empty(empty.GetProperty(room.ToLowerInvariant()).EnumerateObject());
    }

    [Theory]
    [InlineData("GET", "/chatroom/v1/rooms/a/b", 404, "Unsupported para number")]
    [InlineData("GET", "/chatroom/v1/users", 404, "Unknown Para")]
    [InlineData("POST", "/chatroom/v1/rooms", 404, "Unsuppoted API")]
    [InlineData("DELETE", "/chatroom/v1/rooms/a", 404, "Unsupported para number")]
    [InlineData("DELETE", "/chatroom/v1/users/a/b", 404, "Unknown para")]
    [InlineData("DELETE", "/chatroom/v1/rooms/room:nowhere@gortc.com/nobody@gortc.com", 200, "OK")]
    public async Task Chatroom_api_answers_other_requests_as_the_reference(string method, string path, int status, string msg)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(_cluster.ApiBase, path));
        using var response = await http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(msg, body.GetProperty("msg").GetString());
        Assert.Equal(status == 200 ? 0 : 3, body.GetProperty("code").GetInt32());
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, Uri uri, HttpStatusCode expected)
    {
        using var response = await http.GetAsync(uri);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {uri}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
