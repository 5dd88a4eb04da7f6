namespace GoRtc.Services.Chatroom;

/// <summary>What a SUBSCRIBE did to its room.</summary>
public enum SubscribeOutcome
{
    /// <summary>A new member (and, for the first one, a new room).</summary>
    Joined,

    /// <summary>A member's subscription re-armed to the new Expire.</summary>
    Refreshed,

    /// <summary>A member left (Expire 0); the room is removed with its last member.</summary>
    Left,

    /// <summary>Expire 0 for a room that does not exist: 404 <c>Room Not Exist</c>.</summary>
    RoomNotExist,

    /// <summary>Expire 0 from someone who is not a member: 404 <c>User Not Exist</c>.</summary>
    UserNotExist,

    /// <summary>The room has <see cref="ChatroomSettings.MaxMembers"/> members already: 403 <c>Room Full</c>.</summary>
    RoomFull,
}
