using Orleans.Concurrency;
using GoRtc.Jsip;

namespace GoRtc.Grains;

/// <summary>A gateway process, as the silos see it: where pushes to its sockets go, in batches.</summary>
public interface IGatewayObserver : IGrainObserver
{
    /// <summary>Messages for sockets of this gateway, in order per socket.</summary>
    Task Deliver(GatewayDelivery[] batch);

    /// <summary>Close a socket (its user connected again elsewhere).</summary>
    [OneWay]
    Task Close(Guid connectionId, string reason);
}

/// <summary>
/// One message for one socket, and when it becomes worthless (its transaction has ended): should the socket be gone,
/// the message goes back to its user's outbox for no longer than that.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct GatewayDelivery(
    [property: Id(0)] Guid ConnectionId,
    [property: Id(1)] string UserId,
    [property: Id(2)] JsipMessage Message,
    [property: Id(3)] DateTimeOffset ValidUntil);
