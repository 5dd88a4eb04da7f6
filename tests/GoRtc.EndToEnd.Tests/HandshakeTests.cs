using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using GoRtc.EndToEnd.Tests.Fixtures;
using GoRtc.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GoRtc.EndToEnd.Tests;

/// <summary>
/// The handshake of <c>/rtc</c> (spec §5.2, protocol decision 11): the <c>authurl</c> hook decides, and the
/// per-address connection limit is enforced, on a node configured for it.
/// </summary>
public sealed class HandshakeTests : IClassFixture<AuthenticatedNode>
{
    private readonly AuthenticatedNode _fixture;

    public HandshakeTests(AuthenticatedNode fixture) => _fixture = fixture;

    private AllInOneNode Node => _fixture.Node;

    [Fact]
    public async Task Authurl_accepts_on_200_and_the_handshake_is_described_to_it()
    {
        await using var client = await JsipTestClient.ConnectAsync(Node.RtcEndpoints[0], "Good@gortc.com");
        Assert.False(client.IsClosed);
        var request = Assert.Single(_fixture.AuthRequests, r => r.GetProperty("url").GetString()!.Contains("userid=Good%40", StringComparison.Ordinal));
        Assert.Equal("ws", request.GetProperty("type").GetString());
        Assert.Contains("/rtc?userid=Good%40gortc.com", request.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("127.0.0.1:", request.GetProperty("remoteaddr").GetString()!.Replace("::ffff:", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(request.GetProperty("headers").TryGetProperty("Upgrade", out _));
    }

    [Fact]
    public async Task Authurl_refusing_gets_the_handshake_403()
    {
        var failure = await Assert.ThrowsAsync<JsipConnectException>(() => JsipTestClient.ConnectAsync(Node.RtcEndpoints[0], "Bad@gortc.com"));
        Assert.Equal(HttpStatusCode.Forbidden, failure.StatusCode);
    }

    [Fact]
    public async Task Connections_beyond_the_per_address_limit_get_429()
    {
        var clients = new List<JsipTestClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                clients.Add(await JsipTestClient.ConnectAsync(Node.RtcEndpoints[0], $"Good-{i}@gortc.com"));
            }

            var failure = await Assert.ThrowsAsync<JsipConnectException>(() => JsipTestClient.ConnectAsync(Node.RtcEndpoints[0], "Good-3@gortc.com"));
            Assert.Equal(HttpStatusCode.TooManyRequests, failure.StatusCode);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }

        // A slot freed is a slot available again.
        await Task.Delay(300);
        await using var again = await JsipTestClient.ConnectAsync(Node.RtcEndpoints[0], "Good-4@gortc.com");
        Assert.False(again.IsClosed);
    }
}

/// <summary>An all-in-one node whose handshakes are checked by an in-test <c>authurl</c> service.</summary>
public sealed class AuthenticatedNode : IAsyncLifetime
{
    private readonly ConcurrentQueue<JsonElement> _authRequests = new();
    private WebApplication? _authServer;
    private AllInOneNode? _node;

    public AllInOneNode Node => _node ?? throw new InvalidOperationException("Not started.");

    public IReadOnlyCollection<JsonElement> AuthRequests => _authRequests;

    public async Task InitializeAsync()
    {
        var authPort = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{authPort}");
        _authServer = builder.Build();
        _authServer.MapPost("/auth", async (HttpContext context) =>
        {
            var request = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            _authRequests.Enqueue(request);
            var allowed = request.GetProperty("url").GetString()!.Contains("userid=Good", StringComparison.Ordinal);
            return allowed ? Results.Ok() : Results.StatusCode(StatusCodes.Status401Unauthorized);
        });
        await _authServer.StartAsync();

        _node = new AllInOneNode(new Dictionary<string, string?>
        {
            ["Rtc__AuthUrl"] = $"http://127.0.0.1:{authPort}/auth",
            ["Rtc__MaxConnectionsPerAddress"] = "3",
        }, warmUp: false); // its tests count the auth server's requests
        await _node.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        if (_authServer is not null)
        {
            await _authServer.DisposeAsync();
        }
    }
}
