namespace GoRtc.Services.Chatroom;

/// <summary>
/// The room as a member sees it, in the body of the 200 to a SUBSCRIBE: its id and who is in it (so a client can show
/// the members without the management port).
/// </summary>
public sealed record RoomView(string Room, IReadOnlyList<RoomMemberView> Members)
{
    public static RoomView Of(string roomId, Room? room) => new(
        room?.Id ?? roomId,
        room is null ? [] : [.. room.Members.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new RoomMemberView(m.Key, m.Value.Nickname))]);
}

/// <summary>One member in a <see cref="RoomView"/>.</summary>
public sealed record RoomMemberView(string Id, string Nickname);
