namespace GoRtc.Services.Chatroom;

/// <summary>
/// A chat room as kept in the cluster state: its id (the <c>To</c> of the requests that address it) and its members,
/// keyed by member id (their <c>P-Asserted-Identity</c>). A member whose subscription has ended is no member, whether
/// or not the stored room still lists it; a room without a live member does not exist.
/// </summary>
public sealed record Room(string Id, Dictionary<string, RoomMember> Members)
{
    /// <summary>The state key of a room id: room ids are compared without case.</summary>
    public static string KeyOf(string roomId) => KeyPrefix + roomId.ToLowerInvariant();

    /// <summary>The prefix of every room's state key.</summary>
    public const string KeyPrefix = "room/";

    /// <summary>This room with only the members whose subscription runs past <paramref name="now"/>; null if none does.</summary>
    public Room? Live(DateTimeOffset now)
    {
        if (Members.Values.All(m => m.ExpiresAt > now))
        {
            return Members.Count == 0 ? null : this;
        }

        var live = Members.Where(m => m.Value.ExpiresAt > now).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        return live.Count == 0 ? null : this with { Members = live };
    }

    /// <summary>When the last subscription ends: the room's own expiry.</summary>
    public DateTimeOffset ExpiresAt => Members.Values.Max(m => m.ExpiresAt);
}
