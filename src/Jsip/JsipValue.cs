using System.Buffers;
using System.Text;
using System.Text.Json;

namespace GoRtc.Jsip;

/// <summary>
/// One JSON value kept as its UTF-8 text: the form in which JSIP carries <c>Body</c> and every header the
/// stack does not interpret. Keeping the bytes (instead of a DOM) means an unknown header costs one copy on
/// receive and one raw write on send, and a message crosses grain boundaries without being re-parsed.
/// </summary>
public readonly struct JsipValue : IEquatable<JsipValue>
{
    private readonly byte[]? _utf8;

    private JsipValue(byte[] utf8) => _utf8 = utf8;

    /// <summary>True for <c>default(JsipValue)</c>: no value.</summary>
    public bool IsEmpty => _utf8 is null;

    /// <summary>The UTF-8 JSON text of the value.</summary>
    public ReadOnlyMemory<byte> Utf8Json => _utf8;

    /// <summary>The JSON kind of the value, read from its first byte.</summary>
    public JsonValueKind Kind
    {
        get
        {
            if (_utf8 is null || _utf8.Length == 0)
            {
                return JsonValueKind.Undefined;
            }

            return _utf8[0] switch
            {
                (byte)'"' => JsonValueKind.String,
                (byte)'{' => JsonValueKind.Object,
                (byte)'[' => JsonValueKind.Array,
                (byte)'t' => JsonValueKind.True,
                (byte)'f' => JsonValueKind.False,
                (byte)'n' => JsonValueKind.Null,
                _ => JsonValueKind.Number,
            };
        }
    }

    /// <summary>A JSON string.</summary>
    public static JsipValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var buffer = new ArrayBufferWriter<byte>(value.Length + 8);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(value);
        }

        return new JsipValue(buffer.WrittenSpan.ToArray());
    }

    /// <summary>A JSON integer.</summary>
    public static JsipValue FromNumber(long value) => new(Encoding.UTF8.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>A JSON number.</summary>
    public static JsipValue FromNumber(double value)
    {
        var buffer = new ArrayBufferWriter<byte>(32);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteNumberValue(value);
        }

        return new JsipValue(buffer.WrittenSpan.ToArray());
    }

    /// <summary>A JSON boolean.</summary>
    public static JsipValue FromBoolean(bool value) => new(value ? "true"u8.ToArray() : "false"u8.ToArray());

    /// <summary>
    /// Wraps UTF-8 JSON text that holds exactly one value; throws <see cref="FormatException"/> otherwise.
    /// </summary>
    public static JsipValue FromRawJson(ReadOnlySpan<byte> utf8Json)
    {
        if (!IsSingleJsonValue(utf8Json))
        {
            throw new FormatException("The text is not exactly one JSON value.");
        }

        return new JsipValue(TrimWhitespace(utf8Json).ToArray());
    }

    /// <summary>Wraps JSON text that holds exactly one value; throws <see cref="FormatException"/> otherwise.</summary>
    public static JsipValue FromRawJson(string json) => FromRawJson(Encoding.UTF8.GetBytes(json));

    /// <summary>Wraps bytes already known to be one valid, trimmed JSON value (the codec's path).</summary>
    internal static JsipValue FromTrustedUtf8(byte[] utf8Json) => new(utf8Json);

    /// <summary>Wraps bytes already known to be one valid, trimmed JSON value (hosts' deserialisers).</summary>
    public static JsipValue FromValidatedUtf8(byte[] utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        return new JsipValue(utf8Json);
    }

    /// <summary>
    /// The string, when the value is a JSON string that decodes to valid UTF-16 (a received value may hold an
    /// escaped lone surrogate such as <c>"\ud800"</c>, which has no string form).
    /// </summary>
    public bool TryGetString(out string value)
    {
        if (Kind == JsonValueKind.String)
        {
            var reader = new Utf8JsonReader(_utf8);
            reader.Read();
            try
            {
                value = reader.GetString()!;
                return true;
            }
            catch (InvalidOperationException)
            {
                // Not representable as a .NET string; the raw bytes are still kept and re-sent as received.
            }
        }

        value = string.Empty;
        return false;
    }

    /// <summary>
    /// The integer, when the value is a JSON number. Like the reference, a fractional number is truncated
    /// toward zero; a number outside the range of <see cref="long"/> is refused.
    /// </summary>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        if (Kind != JsonValueKind.Number)
        {
            return false;
        }

        var reader = new Utf8JsonReader(_utf8);
        reader.Read();
        if (reader.TryGetInt64(out value))
        {
            return true;
        }

        if (reader.TryGetDouble(out var d) && double.IsFinite(d) && d >= long.MinValue && d <= long.MaxValue)
        {
            value = (long)Math.Truncate(d);
            return true;
        }

        return false;
    }

    /// <summary>The number, when the value is a JSON number.</summary>
    public bool TryGetDouble(out double value)
    {
        value = 0;
        if (Kind != JsonValueKind.Number)
        {
            return false;
        }

        var reader = new Utf8JsonReader(_utf8);
        reader.Read();
        return reader.TryGetDouble(out value);
    }

    /// <summary>
    /// Serialises <paramref name="value"/> with source-generated metadata. Plugins use this form, never reflection-based
    /// serialisation: reflection caches the plugin's types in the host and keeps its load context from unloading.
    /// </summary>
    public static JsipValue FromObject<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        new(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));

    /// <summary>Deserialises the value with source-generated metadata (see <see cref="FromObject{T}"/>).</summary>
    /// <exception cref="JsonException">The value does not fit <typeparamref name="T"/>.</exception>
    public T? ToObject<T>(System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        _utf8 is null ? default : JsonSerializer.Deserialize(_utf8, typeInfo);

    /// <summary>A parsed copy of the value, for code that wants a DOM.</summary>
    public JsonElement ToJsonElement()
    {
        if (_utf8 is null)
        {
            return default;
        }

        using var document = JsonDocument.Parse(_utf8);
        return document.RootElement.Clone();
    }

    /// <summary>The JSON text.</summary>
    public override string ToString() => _utf8 is null ? string.Empty : Encoding.UTF8.GetString(_utf8);

    public bool Equals(JsipValue other) =>
        _utf8 is null ? other._utf8 is null : other._utf8 is not null && _utf8.AsSpan().SequenceEqual(other._utf8);

    public override bool Equals(object? obj) => obj is JsipValue other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_utf8);
        return hash.ToHashCode();
    }

    public static bool operator ==(JsipValue left, JsipValue right) => left.Equals(right);

    public static bool operator !=(JsipValue left, JsipValue right) => !left.Equals(right);

    private static bool IsSingleJsonValue(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ReadOnlySpan<byte> TrimWhitespace(ReadOnlySpan<byte> span)
    {
        var start = 0;
        while (start < span.Length && IsWhite(span[start]))
        {
            start++;
        }

        var end = span.Length;
        while (end > start && IsWhite(span[end - 1]))
        {
            end--;
        }

        return span[start..end];

        static bool IsWhite(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
    }
}
