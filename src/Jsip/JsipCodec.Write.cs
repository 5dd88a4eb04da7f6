using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GoRtc.Jsip;

public static partial class JsipCodec
{
    private const int RetainedBufferLimit = 64 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Only what JSON requires is escaped (quote, backslash, control characters); other text goes out as UTF-8.
        // The payload is a WebSocket message parsed as JSON, never embedded in HTML, so HTML-sensitive characters
        // (<, >, &, ', +) need no escaping; the reference escaped <, > and & (Go's default), which no client relies on.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    private static readonly JsonEncodedText TypeKey = JsonEncodedText.Encode(JsipHeaderNames.Type);
    private static readonly JsonEncodedText RequestUriKey = JsonEncodedText.Encode(JsipHeaderNames.RequestUri);
    private static readonly JsonEncodedText CodeKey = JsonEncodedText.Encode(JsipHeaderNames.Code);
    private static readonly JsonEncodedText DescKey = JsonEncodedText.Encode(JsipHeaderNames.Desc);
    private static readonly JsonEncodedText FromKey = JsonEncodedText.Encode(JsipHeaderNames.From);
    private static readonly JsonEncodedText ToKey = JsonEncodedText.Encode(JsipHeaderNames.To);
    private static readonly JsonEncodedText CSeqKey = JsonEncodedText.Encode(JsipHeaderNames.CSeq);
    private static readonly JsonEncodedText DialogueIdKey = JsonEncodedText.Encode(JsipHeaderNames.DialogueId);
    private static readonly JsonEncodedText RouterKey = JsonEncodedText.Encode(JsipHeaderNames.Router);
    private static readonly JsonEncodedText RelatedIdKey = JsonEncodedText.Encode(JsipHeaderNames.RelatedId);
    private static readonly JsonEncodedText ExpireKey = JsonEncodedText.Encode(JsipHeaderNames.Expire);
    private static readonly JsonEncodedText BodyKey = JsonEncodedText.Encode(JsipHeaderNames.Body);
    private static readonly JsonEncodedText ResponseType = JsonEncodedText.Encode(JsipMethods.ResponseTypeName);
    private static readonly JsonEncodedText[] MethodTypes = EncodeMethodNames();

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>
    /// Writes <paramref name="message"/> as one JSON object: Type (the method's wire name, or <c>RESPONSE</c>),
    /// Request-URI (requests) or Code and Desc (responses; Desc from <see cref="JsipStatus.GetDescription"/>, left out
    /// for a code outside 100..699), From, To, CSeq, DialogueID, Router (joined with <c>", "</c>) when it has entries,
    /// RelatedID and Expire when set, every other header as kept, and Body when present.
    /// </summary>
    /// <remarks>
    /// Semantics are not checked (use <see cref="JsipValidator.ValidateOutbound"/>), except that a request needs a
    /// method. If this throws, <paramref name="output"/> may hold part of the message.
    /// </remarks>
    /// <exception cref="InvalidOperationException">A request whose <see cref="JsipMessage.Method"/> is None.</exception>
    public static void Write(JsipMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        if (message.IsRequest && (message.Method == JsipMethod.None || (int)message.Method >= MethodTypes.Length))
        {
            throw new InvalidOperationException($"A request needs a method to be written (Method is {message.Method}).");
        }

        var writer = t_writer;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(output, WriterOptions);
            t_writer = writer;
        }
        else
        {
            writer.Reset(output);
        }

        try
        {
            WriteObject(writer, message);
            writer.Flush();
        }
        finally
        {
            writer.Reset(DetachedOutput.Instance); // do not keep the caller's buffer alive
        }
    }

    /// <summary>The UTF-8 bytes of <paramref name="message"/>, as <see cref="Write"/> produces them.</summary>
    public static byte[] Serialize(JsipMessage message)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        try
        {
            Write(message, buffer);
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity > RetainedBufferLimit)
            {
                t_buffer = null;
            }
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, JsipMessage m)
    {
        writer.WriteStartObject();
        if (m.IsRequest)
        {
            writer.WriteString(TypeKey, MethodTypes[(int)m.Method]);
            writer.WriteString(RequestUriKey, m.RequestUri);
        }
        else
        {
            writer.WriteString(TypeKey, ResponseType);
            writer.WriteNumber(CodeKey, m.Code);
            if (JsipStatus.IsValidResponseCode(m.Code))
            {
                writer.WriteString(DescKey, JsipStatus.GetDescription(m.Code));
            }
        }

        writer.WriteString(FromKey, m.From);
        writer.WriteString(ToKey, m.To);
        writer.WriteNumber(CSeqKey, m.CSeq);
        writer.WriteString(DialogueIdKey, m.DialogueId);

        if (m.HasRouter)
        {
            writer.WriteString(RouterKey, string.Join(", ", m.Router));
        }

        if (m.RelatedId is { } relatedId)
        {
            writer.WriteNumber(RelatedIdKey, relatedId);
        }

        if (m.Expire is { } expire)
        {
            writer.WriteNumber(ExpireKey, expire);
        }

        foreach (var header in m.Headers)
        {
            if (!header.Value.IsEmpty)
            {
                writer.WritePropertyName(header.Key);
                writer.WriteRawValue(header.Value.Utf8Json.Span, skipInputValidation: true);
            }
        }

        if (!m.Body.IsEmpty)
        {
            writer.WritePropertyName(BodyKey);
            writer.WriteRawValue(m.Body.Utf8Json.Span, skipInputValidation: true);
        }

        writer.WriteEndObject();
    }

    private static JsonEncodedText[] EncodeMethodNames()
    {
        var names = new JsonEncodedText[(int)JsipMethod.Notify + 1];
        for (var method = JsipMethod.Invite; method <= JsipMethod.Notify; method++)
        {
            names[(int)method] = JsonEncodedText.Encode(method.ToWireName());
        }

        return names;
    }

    /// <summary>Where the cached writer points between uses; never written to.</summary>
    private sealed class DetachedOutput : IBufferWriter<byte>
    {
        public static readonly DetachedOutput Instance = new();

        public void Advance(int count) => throw new InvalidOperationException("Detached JSIP writer.");

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new InvalidOperationException("Detached JSIP writer.");

        public Span<byte> GetSpan(int sizeHint = 0) => throw new InvalidOperationException("Detached JSIP writer.");
    }
}
