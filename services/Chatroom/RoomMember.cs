namespace GoRtc.Services.Chatroom;

/// <summary>A member of a room: the nickname of its first SUBSCRIBE (never updated) and when its subscription ends.</summary>
public sealed record RoomMember(string Nickname, DateTimeOffset ExpiresAt);
