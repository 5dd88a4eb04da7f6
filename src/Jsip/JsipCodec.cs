using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace GoRtc.Jsip;

/// <summary>
/// Reads and writes the JSIP wire format: one JSON object per WebSocket message, UTF-8, header names as top-level
/// keys (spec §1.1, §1.2). Stateless and thread-safe.
/// <para>
/// Reading is strict where the reference was lenient: the payload must be exactly one well-formed JSON object in
/// valid UTF-8 (no comments, no trailing commas, nesting at most <see cref="MaxDepth"/>), keys are unique, and typed
/// headers must have their exact JSON type. Integers must be integral (<c>"CSeq": 2.9</c> is refused; <c>2.0</c> is
/// read as 2). Empty strings for Request-URI, From, To and DialogueID and <c>CSeq: 0</c> are refused (the reference
/// accepted them and then could never answer, spec §11.1 #10).
/// </para>
/// </summary>
public static partial class JsipCodec
{
    /// <summary>The deepest nesting accepted; the message object itself is level 1.</summary>
    public const int MaxDepth = 64;

    // One level more than accepted so that the reader does not throw before the depth check can say TooDeep.
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = MaxDepth + 1,
    };

    private enum Field : byte
    {
        Type,
        RequestUri,
        Code,
        Desc,
        From,
        To,
        CSeq,
        DialogueId,
        Router,
        Body,
        RelatedId,
        Expire,
        Other,
    }

    private enum TypeState : byte
    {
        Absent,
        NotString,
        Unknown,
        Request,
        Response,
    }

    private enum FieldState : byte
    {
        Absent,
        Invalid,
        Valid,
    }

    /// <summary>
    /// Parses one payload, refusing it with <see cref="JsipRejection.FrameTooLarge"/> when it is longer than
    /// <paramref name="maxFrameBytes"/>.
    /// </summary>
    public static JsipParseResult Parse(ReadOnlySpan<byte> utf8, int maxFrameBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxFrameBytes);
        return utf8.Length > maxFrameBytes
            ? JsipParseResult.Rejected(JsipRejection.FrameTooLarge, $"{utf8.Length} bytes, limit {maxFrameBytes}")
            : Parse(utf8);
    }

    /// <summary>
    /// Parses one payload. Never throws for any input. When several rules are broken, the rejection is the first of:
    /// not UTF-8/not JSON, too deep, not an object, duplicate key, then the header checks in the reference's order
    /// (spec §1.6): Type, Code (responses) or Request-URI (requests), From, To, CSeq, DialogueID, and finally Router
    /// (requests), RelatedID, Expire.
    /// </summary>
    /// <remarks>
    /// Kept: every header not listed below, as raw JSON in arrival order, and Body (<c>null</c> = absent).
    /// Dropped: <c>Desc</c> (regenerated on send), <c>Code</c> on a request, <c>Request-URI</c> on a response, and
    /// <c>null</c> Router/RelatedID/Expire (= absent). A response's Router is split but not validated (a non-string
    /// one is ignored); a response's <see cref="JsipMessage.Method"/> stays <see cref="JsipMethod.None"/> until
    /// the stack matches it to its request.
    /// </remarks>
    public static JsipParseResult Parse(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            return JsipParseResult.Rejected(JsipRejection.NotJson, "invalid UTF-8");
        }

        var scan = new Scan(new JsipMessage());
        JsipRejection structural;
        try
        {
            structural = ScanObject(utf8, ref scan);
        }
        catch (JsonException e)
        {
            return JsipParseResult.Rejected(JsipRejection.NotJson, e.Message);
        }

        return structural != JsipRejection.None ? JsipParseResult.Rejected(structural, scan.Detail) : Assemble(ref scan);
    }

    // Pass 1: read every key once (keys come in any order), remember what each typed header held.
    private static JsipRejection ScanObject(ReadOnlySpan<byte> utf8, ref Scan scan)
    {
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            // Still validate the whole payload, so that NotObject always means "valid JSON, wrong kind".
            var skipped = SkipValue(ref reader);
            if (skipped != JsipRejection.None)
            {
                return skipped;
            }

            while (reader.Read())
            {
            }

            return JsipRejection.NotObject;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            Field field;
            string? name = null;
            if (reader.ValueIsEscaped)
            {
                if (!TryGetString(ref reader, out name))
                {
                    scan.Detail = "a key is not valid Unicode text";
                    return JsipRejection.NotJson;
                }

                field = Classify(name);
            }
            else
            {
                field = Classify(reader.ValueSpan);
                if (field == Field.Other)
                {
                    name = Encoding.UTF8.GetString(reader.ValueSpan);
                }
            }

            reader.Read();
            var rejection = ReadField(utf8, ref reader, field, name, ref scan);
            if (rejection != JsipRejection.None)
            {
                return rejection;
            }
        }

        // The reader throws on anything but whitespace after the object.
        while (reader.Read())
        {
        }

        return JsipRejection.None;
    }

    private static JsipRejection ReadField(ReadOnlySpan<byte> utf8, ref Utf8JsonReader reader, Field field, string? name, ref Scan scan)
    {
        if (scan.IsDuplicate(field, name))
        {
            return SkipValue(ref reader);
        }

        var token = reader.TokenType;
        switch (field)
        {
            case Field.Type:
                if (token == JsonTokenType.String)
                {
                    scan.Type = ReadType(ref reader, out var method);
                    scan.Message.Method = method;
                }
                else
                {
                    scan.Type = TypeState.NotString;
                }

                break;

            case Field.Code:
                scan.CodeState = ReadInteger(ref reader, 100, 699, out var code);
                scan.Code = (int)code;
                break;

            case Field.RequestUri:
                scan.RequestUriState = ReadNonEmptyString(ref reader, out scan.RequestUri);
                break;

            case Field.From:
                scan.FromState = ReadNonEmptyString(ref reader, out scan.From);
                break;

            case Field.To:
                scan.ToState = ReadNonEmptyString(ref reader, out scan.To);
                break;

            case Field.DialogueId:
                scan.DialogueIdState = ReadNonEmptyString(ref reader, out scan.DialogueId);
                break;

            case Field.CSeq:
                scan.CSeqState = ReadInteger(ref reader, 1, uint.MaxValue, out var cseq);
                scan.CSeq = (uint)cseq;
                break;

            case Field.Router:
                if (token == JsonTokenType.String)
                {
                    scan.RouterState = TryGetString(ref reader, out scan.Router) ? FieldState.Valid : FieldState.Invalid;
                }
                else if (token != JsonTokenType.Null)
                {
                    scan.RouterState = FieldState.Invalid;
                }

                break;

            case Field.RelatedId:
                if (token != JsonTokenType.Null)
                {
                    scan.RelatedIdState = ReadInteger(ref reader, 0, uint.MaxValue, out var relatedId);
                    scan.RelatedId = (uint)relatedId;
                }

                break;

            case Field.Expire:
                if (token != JsonTokenType.Null)
                {
                    scan.ExpireState = ReadInteger(ref reader, 0, int.MaxValue, out scan.Expire);
                }

                break;

            case Field.Body:
                if (token != JsonTokenType.Null)
                {
                    var rejection = CaptureRaw(utf8, ref reader, out var body);
                    scan.Message.Body = body;
                    return rejection;
                }

                break;

            case Field.Other:
            {
                var rejection = CaptureRaw(utf8, ref reader, out var value);
                scan.AddHeader(name!, value);
                return rejection;
            }
        }

        // Desc, and typed headers of the wrong JSON type, may still be containers to step over.
        return SkipValue(ref reader);
    }

    // Pass 2: apply the checks in the reference's order and build the message.
    private static JsipParseResult Assemble(ref Scan scan)
    {
        var m = scan.Message;
        var rejection = JsipRejection.None;
        string? detail = null;

        void Fail(JsipRejection r, string? why = null)
        {
            if (rejection == JsipRejection.None)
            {
                rejection = r;
                detail = why;
            }
        }

        if (scan.DuplicateKey is not null)
        {
            Fail(JsipRejection.DuplicateHeader, $"'{scan.DuplicateKey}' occurs more than once");
        }

        switch (scan.Type)
        {
            case TypeState.Absent:
                Fail(JsipRejection.MissingType);
                break;
            case TypeState.NotString:
                Fail(JsipRejection.InvalidType);
                break;
            case TypeState.Unknown:
                Fail(JsipRejection.UnknownType);
                break;
        }

        var isRequest = scan.Type == TypeState.Request;
        var isResponse = scan.Type == TypeState.Response;
        if (!isRequest)
        {
            m.Method = JsipMethod.None;
        }

        if (isResponse)
        {
            if (scan.CodeState == FieldState.Valid)
            {
                m.Code = scan.Code;
            }
            else
            {
                Fail(scan.CodeState == FieldState.Absent ? JsipRejection.MissingCode : JsipRejection.InvalidCode);
            }
        }
        else if (isRequest)
        {
            m.RequestUri = Take(scan.RequestUriState, scan.RequestUri, JsipRejection.MissingRequestUri, JsipRejection.InvalidRequestUri);
        }

        m.From = Take(scan.FromState, scan.From, JsipRejection.MissingFrom, JsipRejection.InvalidFrom);
        m.To = Take(scan.ToState, scan.To, JsipRejection.MissingTo, JsipRejection.InvalidTo);

        if (scan.CSeqState == FieldState.Valid)
        {
            m.CSeq = scan.CSeq;
        }
        else
        {
            Fail(scan.CSeqState == FieldState.Absent ? JsipRejection.MissingCSeq : JsipRejection.InvalidCSeq);
        }

        m.DialogueId = Take(scan.DialogueIdState, scan.DialogueId, JsipRejection.MissingDialogueId, JsipRejection.InvalidDialogueId);

        if (scan.RouterState == FieldState.Valid)
        {
            var router = SplitRouter(scan.Router!);
            if (isRequest)
            {
                foreach (var entry in router)
                {
                    if (JsipUri.Validate(entry) is { } error)
                    {
                        Fail(JsipRejection.InvalidRouter, $"entry '{entry}': {error}");
                        break;
                    }
                }
            }

            m.Router = router;
        }
        else if (scan.RouterState == FieldState.Invalid && isRequest)
        {
            Fail(JsipRejection.InvalidRouter, "not a string");
        }

        switch (scan.RelatedIdState)
        {
            case FieldState.Valid:
                m.RelatedId = scan.RelatedId;
                break;
            case FieldState.Invalid:
                Fail(JsipRejection.InvalidRelatedId);
                break;
        }

        switch (scan.ExpireState)
        {
            case FieldState.Valid:
                m.Expire = scan.Expire;
                break;
            case FieldState.Invalid:
                Fail(JsipRejection.InvalidExpire);
                break;
        }

        if (rejection == JsipRejection.None)
        {
            return JsipParseResult.Valid(m);
        }

        var canAnswer = isRequest
            && m.Method != JsipMethod.Ack
            && scan.CSeqState == FieldState.Valid
            && scan.DialogueIdState == FieldState.Valid
            && !scan.IdentityDuplicated;
        return JsipParseResult.Invalid(rejection, m, canAnswer, detail);

        string Take(FieldState state, string? value, JsipRejection missing, JsipRejection invalid)
        {
            switch (state)
            {
                case FieldState.Valid:
                    return value!;
                case FieldState.Absent:
                    Fail(missing);
                    return string.Empty;
                default:
                    Fail(invalid);
                    return string.Empty;
            }
        }
    }

    /// <summary>Splits a Router value on <c>,</c> and trims each entry (<c>""</c> gives one empty entry).</summary>
    internal static List<string> SplitRouter(string value)
    {
        var list = new List<string>(2);
        var span = value.AsSpan();
        foreach (var range in span.Split(','))
        {
            list.Add(span[range].Trim().ToString());
        }

        return list;
    }

    private static TypeState ReadType(ref Utf8JsonReader reader, out JsipMethod method)
    {
        method = JsipMethod.None;
        if (reader.ValueTextEquals(JsipMethods.ResponseTypeName))
        {
            return TypeState.Response;
        }

        bool known;
        if (!reader.ValueIsEscaped)
        {
            known = JsipMethods.TryParse(reader.ValueSpan, out method);
        }
        else
        {
            known = TryGetString(ref reader, out var text) && JsipMethods.TryParse(text, out method);
        }

        return known ? TypeState.Request : TypeState.Unknown;
    }

    private static FieldState ReadNonEmptyString(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        if (reader.TokenType != JsonTokenType.String)
        {
            return FieldState.Invalid;
        }

        return TryGetString(ref reader, out value) && value.Length > 0 ? FieldState.Valid : FieldState.Invalid;
    }

    /// <summary>A JSON number holding an integer in [min, max]; <c>2.0</c> and <c>2e0</c> count, <c>2.5</c> does not.</summary>
    private static FieldState ReadInteger(ref Utf8JsonReader reader, long min, long max, out long value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return FieldState.Invalid;
        }

        if (reader.TryGetInt64(out var integer))
        {
            if (integer < min || integer > max)
            {
                return FieldState.Invalid;
            }

            value = integer;
            return FieldState.Valid;
        }

        if (reader.TryGetDecimal(out var number) && number == decimal.Truncate(number) && number >= min && number <= max)
        {
            value = (long)number;
            return FieldState.Valid;
        }

        return FieldState.Invalid;
    }

    // A string token whose escapes decode to valid UTF-16 (a lone surrogate such as "\uD800" does not).
    private static bool TryGetString(ref Utf8JsonReader reader, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
    {
        try
        {
            value = reader.GetString();
            return value is not null;
        }
        catch (InvalidOperationException)
        {
            value = null;
            return false;
        }
    }

    private static JsipRejection CaptureRaw(ReadOnlySpan<byte> utf8, ref Utf8JsonReader reader, out JsipValue value)
    {
        var start = checked((int)reader.TokenStartIndex);
        var rejection = SkipValue(ref reader);
        if (rejection != JsipRejection.None)
        {
            value = default;
            return rejection;
        }

        var end = checked((int)reader.BytesConsumed);
        value = JsipValue.FromTrustedUtf8(utf8[start..end].ToArray());
        return JsipRejection.None;
    }

    /// <summary>Steps over the value the reader is on, enforcing <see cref="MaxDepth"/>.</summary>
    private static JsipRejection SkipValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return JsipRejection.None;
        }

        var depth = reader.CurrentDepth;
        if (depth >= MaxDepth)
        {
            return JsipRejection.TooDeep;
        }

        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray when reader.CurrentDepth >= MaxDepth:
                    return JsipRejection.TooDeep;
                case JsonTokenType.EndObject or JsonTokenType.EndArray when reader.CurrentDepth == depth:
                    return JsipRejection.None;
            }
        }

        return JsipRejection.NotJson; // unreachable: the reader throws on a truncated final block
    }

    private static Field Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when name.SequenceEqual("To"u8) => Field.To,
        4 when name.SequenceEqual("Type"u8) => Field.Type,
        4 when name.SequenceEqual("From"u8) => Field.From,
        4 when name.SequenceEqual("CSeq"u8) => Field.CSeq,
        4 when name.SequenceEqual("Code"u8) => Field.Code,
        4 when name.SequenceEqual("Desc"u8) => Field.Desc,
        4 when name.SequenceEqual("Body"u8) => Field.Body,
        6 when name.SequenceEqual("Router"u8) => Field.Router,
        6 when name.SequenceEqual("Expire"u8) => Field.Expire,
        9 when name.SequenceEqual("RelatedID"u8) => Field.RelatedId,
        10 when name.SequenceEqual("DialogueID"u8) => Field.DialogueId,
        11 when name.SequenceEqual("Request-URI"u8) => Field.RequestUri,
        _ => Field.Other,
    };

    private static Field Classify(string name) => name switch
    {
        JsipHeaderNames.To => Field.To,
        JsipHeaderNames.Type => Field.Type,
        JsipHeaderNames.From => Field.From,
        JsipHeaderNames.CSeq => Field.CSeq,
        JsipHeaderNames.Code => Field.Code,
        JsipHeaderNames.Desc => Field.Desc,
        JsipHeaderNames.Body => Field.Body,
        JsipHeaderNames.Router => Field.Router,
        JsipHeaderNames.Expire => Field.Expire,
        JsipHeaderNames.RelatedId => Field.RelatedId,
        JsipHeaderNames.DialogueId => Field.DialogueId,
        JsipHeaderNames.RequestUri => Field.RequestUri,
        _ => Field.Other,
    };

    /// <summary>What pass 1 found. Headers and Body go straight into <see cref="Message"/>.</summary>
    private struct Scan(JsipMessage message)
    {
        private const int LinearHeaderLookupLimit = 8;

        public readonly JsipMessage Message = message;
        public TypeState Type;
        public FieldState CodeState;
        public int Code;
        public FieldState RequestUriState;
        public string? RequestUri;
        public FieldState FromState;
        public string? From;
        public FieldState ToState;
        public string? To;
        public FieldState CSeqState;
        public uint CSeq;
        public FieldState DialogueIdState;
        public string? DialogueId;
        public FieldState RouterState;
        public string? Router;
        public FieldState RelatedIdState;
        public uint RelatedId;
        public FieldState ExpireState;
        public long Expire;

        /// <summary>The first key seen twice.</summary>
        public string? DuplicateKey;

        /// <summary>Type, CSeq or DialogueID occurred twice: the request cannot be identified for an answer.</summary>
        public bool IdentityDuplicated;

        public string? Detail;

        private int _seenTyped;
        private HashSet<string>? _headerNames;

        /// <summary>Records the key; true when it was already seen (the value is then skipped).</summary>
        public bool IsDuplicate(Field field, string? name)
        {
            bool duplicate;
            if (field == Field.Other)
            {
                duplicate = _headerNames?.Contains(name!) ?? Message.Headers.Contains(name!);
            }
            else
            {
                var bit = 1 << (int)field;
                duplicate = (_seenTyped & bit) != 0;
                _seenTyped |= bit;
                if (duplicate && field is Field.Type or Field.CSeq or Field.DialogueId)
                {
                    IdentityDuplicated = true;
                }
            }

            if (duplicate)
            {
                DuplicateKey ??= name ?? FieldName(field);
            }

            return duplicate;
        }

        public void AddHeader(string name, JsipValue value)
        {
            if (value.IsEmpty)
            {
                return; // the capture failed (too deep); the scan stops anyway
            }

            var headers = Message.Headers;
            headers.AddUnchecked(name, value);
            if (_headerNames is not null)
            {
                _headerNames.Add(name);
            }
            else if (headers.Count > LinearHeaderLookupLimit)
            {
                _headerNames = new HashSet<string>(StringComparer.Ordinal);
                foreach (var header in headers)
                {
                    _headerNames.Add(header.Key);
                }
            }
        }

        private static string FieldName(Field field) => field switch
        {
            Field.Type => JsipHeaderNames.Type,
            Field.RequestUri => JsipHeaderNames.RequestUri,
            Field.Code => JsipHeaderNames.Code,
            Field.Desc => JsipHeaderNames.Desc,
            Field.From => JsipHeaderNames.From,
            Field.To => JsipHeaderNames.To,
            Field.CSeq => JsipHeaderNames.CSeq,
            Field.DialogueId => JsipHeaderNames.DialogueId,
            Field.Router => JsipHeaderNames.Router,
            Field.Body => JsipHeaderNames.Body,
            Field.RelatedId => JsipHeaderNames.RelatedId,
            Field.Expire => JsipHeaderNames.Expire,
            _ => "?",
        };
    }
}
