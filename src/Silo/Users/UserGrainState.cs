using GoRtc.Grains;
using GoRtc.Jsip;

namespace GoRtc.Silo.Users;

/// <summary>
/// A user's persisted milestones: that it has connected (so requests to it queue instead of getting 480), the socket
/// it is connected on (so a grain that reactivates on another silo after its silo died still reaches the user), and
/// the messages waiting for it while it is away, each as its wire JSON.
/// </summary>
[GenerateSerializer]
internal sealed class UserGrainState
{
    [Id(0)] public bool EverConnected { get; set; }

    [Id(1)] public List<OutboxEntry> Outbox { get; set; } = [];

    [Id(2)] public ConnectionAddress? Connection { get; set; }

    [Id(3)] public IGatewayObserver? Gateway { get; set; }
}

/// <summary>One queued message: its JSON, the method it belongs to (a response's is not on the wire), its expiry.</summary>
[GenerateSerializer]
internal sealed record OutboxEntry([property: Id(0)] byte[] Message, [property: Id(1)] JsipMethod Method, [property: Id(2)] DateTimeOffset ValidUntil);
