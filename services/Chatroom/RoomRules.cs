using GoRtc.SlpSdk;

namespace GoRtc.Services.Chatroom;

/// <summary>
/// The chat room rules of the reference (spec §8.2), as pure decisions over the stored room: each SUBSCRIBE is one
/// compare-and-set of the room entry, so a SUBSCRIBE racing the removal of an emptied room, or a refresh racing its
/// member's expiry, is decided on the room as it really is — never lost and never answered 200 without effect (the
/// reference's races).
/// </summary>
public static class RoomRules
{
    /// <summary>
    /// Join (Expire &gt; 0, creating the room for its first member), refresh (Expire &gt; 0 from a member: re-armed to
    /// the new Expire), or leave (Expire 0: removing the room with its last member).
    /// </summary>
    public static StateChange<Room, SubscribeResult> Subscribe(StateEntry<Room> entry, string roomId, string memberId, string nickname,
        TimeSpan expire, DateTimeOffset now, int maxMembers)
    {
        var room = entry.Value?.Live(now);
        if (expire <= TimeSpan.Zero)
        {
            if (room is null)
            {
                return StateChange<Room, SubscribeResult>.Keep(new(SubscribeOutcome.RoomNotExist, null));
            }

            if (!room.Members.ContainsKey(memberId))
            {
                return StateChange<Room, SubscribeResult>.Keep(new(SubscribeOutcome.UserNotExist, room));
            }

            var rest = new Dictionary<string, RoomMember>(room.Members, StringComparer.Ordinal);
            rest.Remove(memberId);
            if (rest.Count == 0)
            {
                return StateChange<Room, SubscribeResult>.Delete(new(SubscribeOutcome.Left, null));
            }

            var remaining = room with { Members = rest };
            return StateChange<Room, SubscribeResult>.Set(remaining, remaining.ExpiresAt, new(SubscribeOutcome.Left, remaining));
        }

        var expiresAt = now + expire;
        room ??= new Room(roomId, new Dictionary<string, RoomMember>(StringComparer.Ordinal));
        var members = new Dictionary<string, RoomMember>(room.Members, StringComparer.Ordinal);
        SubscribeOutcome outcome;
        if (members.TryGetValue(memberId, out var known))
        {
            members[memberId] = known with { ExpiresAt = expiresAt };
            outcome = SubscribeOutcome.Refreshed;
        }
        else if (members.Count >= maxMembers)
        {
            return StateChange<Room, SubscribeResult>.Keep(new(SubscribeOutcome.RoomFull, room));
        }
        else
        {
            members[memberId] = new RoomMember(nickname, expiresAt);
            outcome = SubscribeOutcome.Joined;
        }

        var updated = room with { Members = members };
        return StateChange<Room, SubscribeResult>.Set(updated, updated.ExpiresAt, new(outcome, updated));
    }

    /// <summary>Removes a member if present (the REST API's DELETE): as a SUBSCRIBE with Expire 0, without the 404s.</summary>
    public static StateChange<Room, bool> RemoveMember(StateEntry<Room> entry, string memberId, DateTimeOffset now)
    {
        var room = entry.Value?.Live(now);
        if (room is null || !room.Members.ContainsKey(memberId))
        {
            return StateChange<Room, bool>.Keep(false);
        }

        var rest = new Dictionary<string, RoomMember>(room.Members, StringComparer.Ordinal);
        rest.Remove(memberId);
        if (rest.Count == 0)
        {
            return StateChange<Room, bool>.Delete(true);
        }

        var remaining = room with { Members = rest };
        return StateChange<Room, bool>.Set(remaining, remaining.ExpiresAt, true);
    }
}
