using System.Text.Json.Serialization;

namespace GoRtc.Services.Chatroom;

/// <summary>
/// Source-generated JSON for what the chatroom stores and answers (reflection-based JSON would pin the plugin's load
/// context, so it could never unload).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Room))]
[JsonSerializable(typeof(RoomView))]
[JsonSerializable(typeof(RoomListReply))]
internal sealed partial class ChatroomJsonContext : JsonSerializerContext;
