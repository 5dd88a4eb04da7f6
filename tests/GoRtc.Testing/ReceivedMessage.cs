using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace GoRtc.Testing;

/// <summary>One complete WebSocket message (all its frames reassembled) received by a <see cref="JsipTestClient"/>.</summary>
public sealed class ReceivedMessage
{
    private readonly byte[] _bytes;

    internal ReceivedMessage(long sequence, WebSocketMessageType messageType, byte[] bytes, DateTimeOffset receivedAt)
    {
        Sequence = sequence;
        MessageType = messageType;
        _bytes = bytes;
        ReceivedAt = receivedAt;
        Text = Encoding.UTF8.GetString(bytes);
        if (messageType == WebSocketMessageType.Text)
        {
            try
            {
                using var document = JsonDocument.Parse(bytes);
                Json = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                Json = null;
            }
        }
    }

    /// <summary>1 for the first message received on the connection, then 2, 3, …</summary>
    public long Sequence { get; }

    /// <summary>Text or Binary.</summary>
    public WebSocketMessageType MessageType { get; }

    /// <summary>True for a text message (JSIP messages are text).</summary>
    public bool IsText => MessageType == WebSocketMessageType.Text;

    /// <summary>True for a binary message.</summary>
    public bool IsBinary => MessageType == WebSocketMessageType.Binary;

    /// <summary>The payload as received.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>The payload decoded as UTF-8 (for binary messages invalid sequences become U+FFFD).</summary>
    public string Text { get; }

    /// <summary>The parsed payload of a text message that is valid JSON; null otherwise (and for binary messages).</summary>
    public JsonElement? Json { get; }

    /// <summary>True when <see cref="Json"/> is a JSON object (what every JSIP message must be).</summary>
    public bool IsJsonObject => Json is { ValueKind: JsonValueKind.Object };

    /// <summary>When the last frame of the message arrived.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>
    /// The value of a top-level key (a JSIP header) when the message is a JSON object that has it; otherwise null.
    /// </summary>
    public JsonElement? Header(string name) =>
        IsJsonObject && Json!.Value.TryGetProperty(name, out var value) ? value : null;

    /// <summary>Text for messages: the raw text of a text message, or <c>binary(N bytes): …</c>.</summary>
    public string Describe()
    {
        if (IsText)
        {
            return Text;
        }

        const int Shown = 64;
        var hex = Convert.ToHexString(_bytes, 0, Math.Min(_bytes.Length, Shown));
        return $"binary({_bytes.Length} bytes): {hex}{(_bytes.Length > Shown ? "…" : string.Empty)}";
    }

    /// <inheritdoc/>
    public override string ToString() => Describe();
}
