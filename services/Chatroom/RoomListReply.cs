namespace GoRtc.Services.Chatroom;

/// <summary><c>GET /chatroom/v1/rooms</c>: <c>{"code":0,"msg":"OK","rooms":[…]}</c> (spec §8.3).</summary>
public sealed record RoomListReply(int Code, string Msg, IReadOnlyList<string> Rooms);
