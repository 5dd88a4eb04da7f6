using System.Collections.Concurrent;
using GoRtc.Grains;

namespace GoRtc.Silo.Push;

/// <summary>
/// Carries messages from this silo's grains to gateways. One queue and one sender loop per gateway: a grain only
/// enqueues (no remote call per message), and the loop sends whatever has accumulated while the previous batch was
/// in flight — large batches under load, a batch of one when idle (the GPSTracker sample's push notifier, without
/// its fixed flush interval).
/// </summary>
internal sealed class GatewayPushService : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, GatewayPushQueue> _queues = new();
    private readonly IGrainFactory _grainFactory;
    private readonly Microsoft.Extensions.Logging.ILogger<GatewayPushQueue> _logger;

    public GatewayPushService(IGrainFactory grainFactory, Microsoft.Extensions.Logging.ILogger<GatewayPushQueue> logger)
    {
        _grainFactory = grainFactory;
        _logger = logger;
    }

    public void Push(ConnectionAddress connection, IGatewayObserver gateway, string userId, GoRtc.Jsip.JsipMessage message, DateTimeOffset validUntil)
    {
        var queue = _queues.GetOrAdd(connection.GatewayId, static (_, state) => new GatewayPushQueue(state.gateway, state.self._grainFactory, state.self._logger), (gateway, self: this));
        queue.Enqueue(new GatewayDelivery(connection.ConnectionId, userId, message, validUntil), gateway);
    }

    /// <summary>
    /// Pushes to a socket of a gateway this silo already pushes to (its queue holds the gateway's latest reference);
    /// false when there is none yet. A socket that has gone meanwhile hands the message back to its user's outbox, as
    /// any push does.
    /// </summary>
    public bool TryPush(ConnectionAddress connection, string userId, GoRtc.Jsip.JsipMessage message, DateTimeOffset validUntil)
    {
        if (!_queues.TryGetValue(connection.GatewayId, out var queue))
        {
            return false;
        }

        queue.Enqueue(new GatewayDelivery(connection.ConnectionId, userId, message, validUntil));
        return true;
    }

    /// <summary>Whether this silo already pushes to the gateway, so that <see cref="TryPush"/> would take a message.</summary>
    public bool CanPush(Guid gatewayId) => _queues.ContainsKey(gatewayId);

    /// <summary>
    /// Completes once everything this silo had queued for the gateway when called has been delivered to it, or handed
    /// back to its users' outboxes (see <see cref="GatewayPushQueue.FlushAsync"/>).
    /// </summary>
    public Task FlushAsync(Guid gatewayId) => _queues.TryGetValue(gatewayId, out var queue) ? queue.FlushAsync() : Task.CompletedTask;

    /// <summary>Completes once everything this silo had queued for any gateway when called has been delivered (or handed back).</summary>
    public Task FlushAllAsync()
    {
        var flushes = _queues.Values.Select(q => q.FlushAsync()).Where(t => !t.IsCompleted).ToArray();
        return flushes.Length == 0 ? Task.CompletedTask : Task.WhenAll(flushes);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var queue in _queues.Values)
        {
            await queue.DisposeAsync();
        }
    }
}
