using GoRtc.Gateway.Hosting;
using GoRtc.Grains;
using Microsoft.Extensions.Options;

namespace GoRtc.Gateway.Connections;

/// <summary>
/// The WebSocket handshake of <c>/rtc?userid=…</c> (spec §5.1–5.2): userid required (400), connection limits
/// (503/429), the optional <c>authurl</c> check (403), then the socket is registered for its user and served.
/// </summary>
internal sealed partial class RtcEndpoint
{
    private readonly RtcOptions _options;
    private readonly ConnectionTable _connections;
    private readonly GatewayIdentity _gateway;
    private readonly JsipGrains _grains;
    private readonly AuthHook _auth;
    private readonly DispatchRetry _dispatch;
    private readonly GatewayMetrics _metrics;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<RtcEndpoint> _logger;
    private readonly IHostApplicationLifetime _lifetime;

    public RtcEndpoint(IOptions<RtcOptions> options, ConnectionTable connections, GatewayIdentity gateway, JsipGrains grains,
        AuthHook auth, DispatchRetry dispatch, GatewayMetrics metrics, ILoggerFactory loggerFactory, IHostApplicationLifetime lifetime)
    {
        _dispatch = dispatch;
        _options = options.Value;
        _connections = connections;
        _gateway = gateway;
        _grains = grains;
        _auth = auth;
        _metrics = metrics;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<RtcEndpoint>();
        _lifetime = lifetime;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var userId = context.Request.Query["userid"].ToString();
        if (string.IsNullOrEmpty(userId))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "Missing userid");
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "Expected a WebSocket upgrade");
            return;
        }

        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!_connections.TryReserve(address, _options.MaxConnections, _options.MaxConnectionsPerAddress, out var perAddress))
        {
            await RefuseAsync(context, perAddress ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable,
                perAddress ? "Too many connections from this address" : "Too many connections");
            return;
        }

        try
        {
            if (!await _auth.IsAllowedAsync(context))
            {
                await RefuseAsync(context, StatusCodes.Status403Forbidden, "Authentication failed");
                return;
            }

            var connection = new JsipConnection(userId, address, _gateway.Id, _options, _grains, _dispatch, _metrics, _loggerFactory.CreateLogger<JsipConnection>());
            _connections.Add(connection);
            var user = _grains.User(userId);
            try
            {
                // The user learns of this socket before the client's handshake completes: a later connection of the
                // same user can then never be overtaken by this one.
                await user.Connect(connection.Address, _gateway.Reference);
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                LogConnected(userId, connection.Id, address);
                await connection.RunAsync(socket, _lifetime.ApplicationStopping);
            }
            finally
            {
                _connections.Remove(connection);
                LogDisconnected(userId, connection.Id);
                try
                {
                    if (connection.TakeUnsent() is { Length: > 0 } unsent)
                    {
                        await user.PushFailed(connection.Id, unsent);
                    }

                    await user.Disconnect(connection.Id);
                }
#pragma warning disable CA1031 // The user grain learns of the loss through failed pushes anyway.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogDisconnectFailed(ex, userId);
                }
            }
        }
        finally
        {
            _connections.Release(address);
        }
    }

    private static Task RefuseAsync(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(reason + "\n");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} connected (connection {ConnectionId}, {Address})")]
    private partial void LogConnected(string userId, Guid connectionId, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} disconnected (connection {ConnectionId})")]
    private partial void LogDisconnected(string userId, Guid connectionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId}: could not record the disconnection")]
    private partial void LogDisconnectFailed(Exception exception, string userId);
}
