using System.Text.Json;
using System.Text.Json.Nodes;
using GoRtc.Testing;
using Xunit;

namespace GoRtc.EndToEnd.Tests.Fixtures;

/// <summary>Small helpers for hand-written flows.</summary>
internal static class JsipClientExtensions
{
    public static JsonObject Request(string type, string requestUri, string from, string to, string dialogueId, int cseq, string? router = null, string? body = null)
    {
        var message = new JsonObject
        {
            ["Type"] = type,
            ["Request-URI"] = requestUri,
            ["From"] = from,
            ["To"] = to,
            ["DialogueID"] = dialogueId,
            ["CSeq"] = cseq,
        };
        if (router is not null)
        {
            message["Router"] = router;
        }

        if (body is not null)
        {
            message["Body"] = body;
        }

        return message;
    }

    /// <summary>The response a client sends to a request it received.</summary>
    public static JsonObject ResponseTo(JsonElement request, int code, string? body = null)
    {
        var response = new JsonObject
        {
            ["Type"] = "RESPONSE",
            ["Code"] = code,
            ["From"] = request.GetProperty("From").GetString(),
            ["To"] = request.GetProperty("To").GetString(),
            ["DialogueID"] = request.GetProperty("DialogueID").GetString(),
            ["CSeq"] = request.GetProperty("CSeq").GetUInt32(),
        };
        if (body is not null)
        {
            response["Body"] = body;
        }

        return response;
    }

    /// <summary>The next message, which must be of <paramref name="type"/> (and <paramref name="code"/> for a response).</summary>
    public static async Task<JsonElement> ExpectAsync(this JsipTestClient client, string type, int code = 0, TimeSpan? timeout = null)
    {
        var message = await client.ReceiveAsync(timeout ?? TimeSpan.FromSeconds(10));
        Assert.True(message?.Json is not null, $"{client.Name}: expected {type} {code}, got {(message is null ? "nothing" : message.Text)}");
        var json = message!.Json!.Value;
        Assert.True(
            json.GetProperty("Type").GetString() == type && (code == 0 || json.GetProperty("Code").GetInt32() == code),
            $"{client.Name}: expected {type} {code}, got {message.Text}");
        return json;
    }
}
