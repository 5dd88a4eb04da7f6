using GoRtc.Jsip;
using Orleans.Concurrency;

namespace GoRtc.Grains;

/// <summary>
/// Where one userid is connected (at most one socket, on one gateway) and its bounded outbox of messages produced
/// while it is away.
/// </summary>
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>A socket for this user opened on a gateway; it replaces (and closes) any earlier one.</summary>
    Task Connect(ConnectionAddress connection, IGatewayObserver gateway);

    /// <summary>The socket closed.</summary>
    Task Disconnect(Guid connectionId);

    /// <summary>
    /// Sends a message to the user now, or queues it until the user reconnects; <paramref name="validUntil"/> is when
    /// it becomes worthless (its transaction has ended) and must no longer be delivered.
    /// </summary>
    Task<DeliveryOutcome> Deliver(JsipMessage message, DateTimeOffset validUntil);

    /// <summary>
    /// Completes once every message this grain has handed to the user's gateway so far has been delivered (or handed
    /// back): a sender about to switch to pushing to the socket itself calls it first, so nothing it pushes can
    /// overtake what it sent through here. Runs between the turns of other calls.
    /// </summary>
    [AlwaysInterleave]
    Task FlushPushes();

    /// <summary>A gateway could not deliver these messages to <paramref name="connectionId"/>: queue them again.</summary>
    Task PushFailed(Guid connectionId, GatewayDelivery[] undelivered);

    /// <summary>
    /// Its state for the management views, read between the turns of other calls (never blocked by a call in
    /// progress). An activation holding nothing (not connected, empty outbox) is let go.
    /// </summary>
    [AlwaysInterleave]
    Task<UserSnapshot> Inspect();

    /// <summary>
    /// Whether the user has a socket open now (presence, e.g. for a call service's immediate 480). Read between the
    /// turns of other calls, like <see cref="Inspect"/>; an activation holding nothing is let go.
    /// </summary>
    [AlwaysInterleave]
    Task<bool> IsConnected();
}

/// <summary>What became of a message for a user.</summary>
public enum DeliveryOutcome
{
    /// <summary>Handed to the user's gateway.</summary>
    Sent,

    /// <summary>The user is away: queued for reconnection.</summary>
    Queued,

    /// <summary>The user has never connected, or the outbox is full: answer 480.</summary>
    Unavailable,
}
