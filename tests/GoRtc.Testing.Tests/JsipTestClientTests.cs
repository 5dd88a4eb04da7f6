using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using GoRtc.Testing.Tests.Infrastructure;

namespace GoRtc.Testing.Tests;

public sealed class JsipTestClientTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("Alex@gortc.com", "?userid=Alex%40gortc.com")]
    [InlineData("a b+c&d=e", "?userid=a%20b%2Bc%26d%3De")]
    public async Task Connect_escapes_the_userid_in_the_query(string userId, string rawQuery)
    {
        await using var server = await TestPeerServer.StartAsync();
        await using var client = await JsipTestClient.ConnectAsync(server.RtcEndpoint, userId);
        var peer = await server.NextPeerAsync();

        Assert.Equal(rawQuery, peer.RawQuery);
        Assert.Equal(userId, peer.UserId);
        Assert.Equal(userId, client.Name);
    }

    [Fact]
    public void BuildUri_appends_to_an_existing_query() =>
        Assert.Equal(
            "ws://127.0.0.1:8080/rtc?x=1&userid=Alex%40gortc.com",
            JsipTestClient.BuildUri("ws://127.0.0.1:8080/rtc?x=1", "Alex@gortc.com").AbsoluteUri);

    [Fact]
    public async Task Sends_text_json_objects_json_elements_and_binary_as_single_messages()
    {
        await using var server = await TestPeerServer.StartAsync();
        var peerTask = server.NextPeerAsync();
        await using (var client = await server.ConnectAsync())
        {
            await client.SendTextAsync("""{"Type":"MESSAGE", "CSeq":1}""");
            await client.SendAsync(new JsonObject { ["Type"] = "OPTIONS", ["CSeq"] = 2, ["Body"] = "中文<&>" });
            using var document = JsonDocument.Parse("""{ "Type": "INFO", "CSeq": 3 }""");
            await client.SendAsync(document.RootElement);
            await client.SendBinaryAsync([1, 2, 3]);
        }

        var peer = await peerTask;
        await peer.Completion.WaitAsync(Wait);
        Assert.Collection(
            peer.Received,
            f => Assert.Equal("""{"Type":"MESSAGE", "CSeq":1}""", f.Text),
            f => Assert.Equal("""{"Type":"OPTIONS","CSeq":2,"Body":"中文<&>"}""", f.Text),
            f => Assert.Equal("""{ "Type": "INFO", "CSeq": 3 }""", f.Text),
            f => Assert.Equal((WebSocketMessageType.Binary, 3), (f.Type, f.Text.Length)));
    }

    [Fact]
    public async Task Reassembles_fragmented_and_large_messages_and_keeps_binary_apart()
    {
        var large = new string('x', 100_000);
        await using var server = await TestPeerServer.StartAsync(async peer =>
        {
            await peer.SendFragmentsAsync("""{"Type":"RESP""", """ONSE","Code":""", "200}");
            await peer.SendAsync($$"""{"Body":"{{large}}"}""");
            await peer.SendBinaryAsync([0xde, 0xad]);
            await peer.SendAsync("not json");
        });
        await using var client = await server.ConnectAsync();

        var first = await client.ReceiveAsync(Wait);
        Assert.NotNull(first);
        Assert.Equal("""{"Type":"RESPONSE","Code":200}""", first.Text);
        Assert.True(first.IsText && first.IsJsonObject);
        Assert.Equal(200, first.Header("Code")!.Value.GetInt32());
        Assert.Equal(1, first.Sequence);

        var second = await client.ReceiveAsync(Wait);
        Assert.Equal(large, second!.Header("Body")!.Value.GetString());

        var binary = await client.ReceiveAsync(Wait);
        Assert.True(binary!.IsBinary);
        Assert.Null(binary.Json);
        Assert.Equal(new byte[] { 0xde, 0xad }, binary.Bytes.ToArray());
        Assert.StartsWith("binary(2 bytes): DEAD", binary.Describe(), StringComparison.Ordinal);

        var text = await client.ReceiveAsync(Wait);
        Assert.Equal("not json", text!.Text);
        Assert.Null(text.Json);
        Assert.False(text.IsJsonObject);
    }

    [Fact]
    public async Task A_receive_that_times_out_returns_null_and_loses_nothing()
    {
        var release = new TaskCompletionSource();
        await using var server = await TestPeerServer.StartAsync(async peer =>
        {
            await release.Task;
            await peer.SendAsync("""{"n":1}""");
        });
        await using var client = await server.ConnectAsync();

        Assert.Null(await client.ReceiveAsync(TimeSpan.FromMilliseconds(100)));
        release.SetResult();
        var message = await client.ReceiveAsync(Wait);
        Assert.Equal("""{"n":1}""", message!.Text);
        Assert.False(client.IsClosed);
    }

    [Fact]
    public async Task Records_the_servers_close_and_then_returns_null_at_once()
    {
        await using var server = await TestPeerServer.StartAsync(async peer =>
        {
            await peer.SendAsync("""{"last":true}""");
            await peer.CloseAsync(WebSocketCloseStatus.PolicyViolation, "go away");
        });
        await using var client = await server.ConnectAsync();

        Assert.True(await client.WaitForCloseAsync(Wait));
        Assert.True(client.IsClosed);
        Assert.True(client.ClosedByServer);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.CloseStatus);
        Assert.Equal("go away", client.CloseStatusDescription);
        Assert.Equal("""{"last":true}""", (await client.ReceiveAsync(Wait))!.Text);
        var started = DateTime.UtcNow;
        Assert.Null(await client.ReceiveAsync(Wait));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task CloseAsync_completes_the_handshake()
    {
        await using var server = await TestPeerServer.StartAsync();
        var client = await server.ConnectAsync();
        var peer = await server.NextPeerAsync();

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");

        Assert.True(client.IsClosed);
        Assert.False(client.ClosedByServer);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        Assert.Null(client.ReceiveError);
        await peer.Completion.WaitAsync(Wait);
        await client.DisposeAsync();
        await client.DisposeAsync();
    }

    [Fact]
    public async Task A_rejected_upgrade_reports_the_http_status()
    {
        await using var server = await TestPeerServer.StartAsync();
        var exception = await Assert.ThrowsAsync<JsipConnectException>(
            () => JsipTestClient.ConnectAsync(new Uri(server.RtcEndpoint)));

        Assert.Equal(HttpStatusCode.BadRequest, exception.StatusCode);
        Assert.Contains("HTTP 400", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_fails_without_a_status()
    {
        var port = FreePort.Next();
        var exception = await Assert.ThrowsAsync<JsipConnectException>(
            () => JsipTestClient.ConnectAsync($"ws://127.0.0.1:{port}/rtc", "Alex@gortc.com"));

        Assert.Null(exception.StatusCode);
        Assert.Contains($"127.0.0.1:{port}", exception.Message, StringComparison.Ordinal);
    }
}
