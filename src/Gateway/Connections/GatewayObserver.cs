using GoRtc.Grains;
using GoRtc.Jsip;
using Microsoft.Extensions.Logging;

namespace GoRtc.Gateway.Connections;

/// <summary>
/// This gateway as the silos see it: receives batches of messages for its sockets. A message whose socket is gone
/// (or stuck) goes back to its user's outbox, so nothing accepted is lost.
/// </summary>
internal sealed partial class GatewayObserver : IGatewayObserver
{
    private readonly ConnectionTable _connections;
    private readonly IGrainFactory _grainFactory;
    private readonly ILogger<GatewayObserver> _logger;

    public GatewayObserver(ConnectionTable connections, IGrainFactory grainFactory, ILogger<GatewayObserver> logger)
    {
        _connections = connections;
        _grainFactory = grainFactory;
        _logger = logger;
    }

    public Task Deliver(GatewayDelivery[] batch)
    {
        List<GatewayDelivery>? failed = null;
        foreach (var delivery in batch)
        {
            if (!_connections.TryGet(delivery.ConnectionId, out var connection) || !connection.TryEnqueue(delivery.Message, delivery.ValidUntil))
            {
                (failed ??= []).Add(delivery);
            }
        }

        if (failed is not null)
        {
            _ = _grainFactory.ReturnToOutboxesAsync(failed, LogReturnFailed);
        }

        return Task.CompletedTask;
    }

    public Task Close(Guid connectionId, string reason)
    {
        if (_connections.TryGet(connectionId, out var connection))
        {
            connection.Abort(reason);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not return undelivered messages to user {UserId}")]
    private partial void LogReturnFailed(Exception exception, string userId);
}
