using GoRtc.Jsip;

namespace GoRtc.Silo.Users;

/// <summary>
/// A user's persisted milestones: that it has connected (so requests to it queue instead of getting 480) and the
/// messages waiting for it while it is away, each as its wire JSON.
/// </summary>
[GenerateSerializer]
internal sealed class UserGrainState
{
    [Id(0)] public bool EverConnected { get; set; }

    [Id(1)] public List<OutboxEntry> Outbox { get; set; } = [];
}

/// <summary>One queued message: its JSON, the method it belongs to (a response's is not on the wire), its expiry.</summary>
[GenerateSerializer]
internal sealed record OutboxEntry([property: Id(0)] byte[] Message, [property: Id(1)] JsipMethod Method, [property: Id(2)] DateTimeOffset ValidUntil);
