using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GoRtc.Testing.Tests.Infrastructure;

/// <summary>
/// A tiny Kestrel server on a free loopback port that plays a scripted JSIP peer: each WebSocket connection to
/// <c>/rtc?userid=…</c> runs <c>behaviour</c>, then records everything the client sends until it closes.
/// <c>/health</c> answers <see cref="HealthStatus"/>. Upgrades without a userid get HTTP 400, like the reference.
/// </summary>
internal sealed class TestPeerServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<TestPeer> _peers = Channel.CreateUnbounded<TestPeer>();
    private int _healthStatus = StatusCodes.Status200OK;

    private TestPeerServer(Func<TestPeer, Task> behaviour)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.UseWebSockets();
        _app.MapGet("/health", (HttpContext context) => context.Response.StatusCode = HealthStatus);
        _app.Map("/rtc", context => HandleAsync(context, behaviour));
    }

    /// <summary>The status /health answers.</summary>
    public int HealthStatus
    {
        get => Volatile.Read(ref _healthStatus);
        set => Volatile.Write(ref _healthStatus, value);
    }

    public Uri HttpBase { get; private set; } = null!;

    public string RtcEndpoint => $"ws://{HttpBase.Authority}/rtc";

    public Uri HealthUri => new(HttpBase, "/health");

    public static async Task<TestPeerServer> StartAsync(Func<TestPeer, Task>? behaviour = null)
    {
        var server = new TestPeerServer(behaviour ?? (_ => Task.CompletedTask));
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.HttpBase = new Uri(address);
        return server;
    }

    public Uri RtcUri(string userId) => JsipTestClient.BuildUri(RtcEndpoint, userId);

    public Task<JsipTestClient> ConnectAsync(string userId = "Alex@gortc.com") => JsipTestClient.ConnectAsync(RtcUri(userId));

    /// <summary>The next connection accepted.</summary>
    public async Task<TestPeer> NextPeerAsync(TimeSpan? timeout = null) =>
        await _peers.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context, Func<TestPeer, Task> behaviour)
    {
        var userId = context.Request.Query["userid"].ToString();
        if (!context.WebSockets.IsWebSocketRequest || userId.Length == 0)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var peer = new TestPeer(socket, userId, context.Request.QueryString.Value ?? string.Empty, context.RequestAborted);
        _peers.Writer.TryWrite(peer);
        await peer.RunAsync(behaviour);
    }
}
