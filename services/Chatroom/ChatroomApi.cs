using System.Buffers;
using System.Text.Json;
using GoRtc.SlpSdk;

namespace GoRtc.Services.Chatroom;

/// <summary>
/// <c>chatroom.v1</c> (spec §8.3): lists rooms and their members, and removes a member, over the same cluster state
/// the chatroom SLP keeps, so any gateway's answer is the cluster's. Answers, codes and texts (typos included) are the
/// reference's, for the clients written against it.
/// </summary>
public sealed class ChatroomApi : Api
{
    private const string Rooms = "rooms";

    public override async ValueTask<ApiResponse> GetAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var segments = request.Segments;
        if (segments.Count is 0 or > 2)
        {
            return ApiResponse.Code(404, 3, "Unsupported para number");
        }

        if (segments[0] != Rooms)
        {
            return ApiResponse.Code(404, 3, "Unknown Para");
        }

        var now = Context.Time.GetUtcNow();
        if (segments.Count == 1)
        {
            var keys = await Context.State.ListKeysAsync(Room.KeyPrefix, cancellationToken);
            var rooms = keys.Select(k => k[Room.KeyPrefix.Length..]).ToArray();
            return ApiResponse.Json(new RoomListReply(0, "OK", rooms), ChatroomJsonContext.Default.RoomListReply);
        }

        var roomId = segments[1];
        var entry = await Context.State.ReadAsync(Room.KeyOf(roomId), ChatroomJsonContext.Default.Room, cancellationToken);
        return new ApiResponse(200, WriteMembers(roomId.ToLowerInvariant(), entry.Value?.Live(now)));
    }

    public override ValueTask<ApiResponse> PostAsync(ApiRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ApiResponse.Code(404, 3, "Unsuppoted API"));

    public override async ValueTask<ApiResponse> DeleteAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var segments = request.Segments;
        if (segments.Count != 3)
        {
            return ApiResponse.Code(404, 3, "Unsupported para number");
        }

        if (segments[0] != Rooms)
        {
            return ApiResponse.Code(404, 3, "Unknown para");
        }

        var now = Context.Time.GetUtcNow();
        await Context.State.UpdateAsync(Room.KeyOf(segments[1]), ChatroomJsonContext.Default.Room,
            entry => RoomRules.RemoveMember(entry, segments[2], now), cancellationToken);
        return ApiResponse.Code(200, 0, "OK");
    }

    /// <summary><c>{"code":0,"msg":"OK","&lt;room id&gt;":{"&lt;member&gt;":"&lt;nickname&gt;",…}}</c>: the room id is a property name, so it is written by hand.</summary>
    private static ReadOnlyMemory<byte> WriteMembers(string roomId, Room? room)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("code", 0);
            json.WriteString("msg", "OK");
            json.WriteStartObject(roomId);
            foreach (var (member, info) in room?.Members.OrderBy(m => m.Key, StringComparer.Ordinal) ?? Enumerable.Empty<KeyValuePair<string, RoomMember>>())
            {
                json.WriteString(member, info.Nickname);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}
