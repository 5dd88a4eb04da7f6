namespace GoRtc.Silo.Dialogs;

/// <summary>
/// A dialogue's persisted milestone: who its peer and SLP instance are, and its answered session (the INVITE as its
/// wire JSON, so the stored form is plain data whatever the storage's serializer).
/// </summary>
[GenerateSerializer]
internal sealed class DialogueMilestone
{
    [Id(0)] public string? Peer { get; set; }

    [Id(1)] public string? InstanceId { get; set; }

    [Id(2)] public byte[]? Invite { get; set; }

    [Id(3)] public bool IsUas { get; set; }

    [Id(4)] public bool Acked { get; set; }

    [Id(5)] public bool LatestInviteInbound { get; set; }

    [Id(6)] public DateTimeOffset? TimerDeadline { get; set; }

    [Id(7)] public int MissedRefreshes { get; set; }
}
