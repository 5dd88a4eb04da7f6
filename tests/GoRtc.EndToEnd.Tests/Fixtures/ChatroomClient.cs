using System.Text.Json;
using System.Text.Json.Nodes;
using GoRtc.Testing;
using Xunit;

namespace GoRtc.EndToEnd.Tests.Fixtures;

/// <summary>Chat room requests as a member sends them (spec §8.2), and the answers a member gives to deliveries.</summary>
internal static class ChatroomClient
{
    public static JsonObject Subscribe(string room, string member, int expire, string? router = null)
    {
        var request = JsipClientExtensions.Request("SUBSCRIBE", room, member, room, $"sub-{Guid.NewGuid():N}", 1, router);
        request["P-Asserted-Identity"] = member;
        request["Expire"] = expire;
        return request;
    }

    public static JsonObject Message(string room, string member, string body, string? router = null)
    {
        var request = JsipClientExtensions.Request("MESSAGE", room, member, room, $"msg-{Guid.NewGuid():N}", 1, router, body);
        request["P-Asserted-Identity"] = member;
        return request;
    }

    /// <summary>Sends <paramref name="request"/> and returns its final response.</summary>
    public static async Task<JsonElement> AskAsync(this JsipTestClient client, JsonObject request, TimeSpan? timeout = null)
    {
        await client.SendAsync(request);
        var dialogue = request["DialogueID"]!.GetValue<string>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            var message = await client.ReceiveAsync(deadline - DateTime.UtcNow);
            if (message?.Json is { } json && json.GetProperty("Type").GetString() == "RESPONSE"
                && json.GetProperty("DialogueID").GetString() == dialogue && json.GetProperty("Code").GetInt32() >= 200)
            {
                return json;
            }
        }

        throw new TimeoutException($"{client.Name}: no final response to {request.ToJsonString()}");
    }

    /// <summary>Waits for a delivered MESSAGE, answers it 200 and returns it.</summary>
    public static async Task<JsonElement> ReceiveChatAsync(this JsipTestClient client, TimeSpan? timeout = null)
    {
        var message = await client.ExpectAsync("MESSAGE", timeout: timeout);
        await client.SendAsync(JsipClientExtensions.ResponseTo(message, 200));
        return message;
    }

    /// <summary>Asserts that no message arrives within <paramref name="window"/>.</summary>
    public static async Task ExpectSilenceAsync(this JsipTestClient client, TimeSpan window)
    {
        var message = await client.ReceiveAsync(window);
        Assert.True(message is null, $"{client.Name}: expected nothing, got {message?.Text}");
    }

    public static string UniqueRoom() => $"room:{Guid.NewGuid():N}@gortc.com";

    /// <summary>A user id no other test uses: <c>&lt;name&gt;-&lt;guid&gt;@gortc.com</c>.</summary>
    public static string UniqueUser(string name) => $"{name}-{Guid.NewGuid():N}@gortc.com";
}
