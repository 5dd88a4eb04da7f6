using GoRtc.Jsip;

namespace GoRtc.Grains;

/// <summary>
/// How a <see cref="JsipMessage"/> crosses a grain boundary: field by field, the body and untyped headers as
/// their raw JSON bytes, so nothing is re-parsed or re-validated on the way.
/// </summary>
[GenerateSerializer]
public struct JsipMessageSurrogate
{
    [Id(0)] public JsipMethod Method;
    [Id(1)] public int Code;
    [Id(2)] public string RequestUri;
    [Id(3)] public string From;
    [Id(4)] public string To;
    [Id(5)] public uint CSeq;
    [Id(6)] public string DialogueId;
    [Id(7)] public string[]? Router;
    [Id(8)] public uint? RelatedId;
    [Id(9)] public long? Expire;
    [Id(10)] public byte[]? Body;
    [Id(11)] public string[]? HeaderNames;
    [Id(12)] public byte[][]? HeaderValues;
}

[RegisterConverter]
public sealed class JsipMessageSurrogateConverter : IConverter<JsipMessage, JsipMessageSurrogate>
{
    public JsipMessage ConvertFromSurrogate(in JsipMessageSurrogate surrogate)
    {
        var message = new JsipMessage
        {
            Method = surrogate.Method,
            Code = surrogate.Code,
            RequestUri = surrogate.RequestUri ?? string.Empty,
            From = surrogate.From ?? string.Empty,
            To = surrogate.To ?? string.Empty,
            CSeq = surrogate.CSeq,
            DialogueId = surrogate.DialogueId ?? string.Empty,
            RelatedId = surrogate.RelatedId,
            Expire = surrogate.Expire,
            Body = surrogate.Body is null ? default : JsipValue.FromValidatedUtf8(surrogate.Body),
        };

        if (surrogate.Router is { Length: > 0 } router)
        {
            message.Router = [.. router];
        }

        if (surrogate.HeaderNames is { } names && surrogate.HeaderValues is { } values)
        {
            for (var i = 0; i < names.Length; i++)
            {
                message.Headers.Set(names[i], JsipValue.FromValidatedUtf8(values[i]));
            }
        }

        return message;
    }

    public JsipMessageSurrogate ConvertToSurrogate(in JsipMessage value)
    {
        string[]? names = null;
        byte[][]? values = null;
        if (value.Headers.Count > 0)
        {
            names = new string[value.Headers.Count];
            values = new byte[value.Headers.Count][];
            var i = 0;
            foreach (var header in value.Headers)
            {
                names[i] = header.Key;
                values[i] = header.Value.Utf8Json.ToArray();
                i++;
            }
        }

        return new JsipMessageSurrogate
        {
            Method = value.Method,
            Code = value.Code,
            RequestUri = value.RequestUri,
            From = value.From,
            To = value.To,
            CSeq = value.CSeq,
            DialogueId = value.DialogueId,
            Router = value.HasRouter ? [.. value.Router] : null,
            RelatedId = value.RelatedId,
            Expire = value.Expire,
            Body = value.Body.IsEmpty ? null : value.Body.Utf8Json.ToArray(),
            HeaderNames = names,
            HeaderValues = values,
        };
    }
}
