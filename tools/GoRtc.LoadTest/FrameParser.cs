using System.Text.Json;

namespace GoRtc.LoadTest;

/// <summary>The four top-level fields the tool looks at in a received JSIP message.</summary>
internal struct ReceivedFrame
{
    public bool IsResponse;
    public int Code;
    public long CSeq;
    public int DialogueIdStart;
    public int DialogueIdLength;

    /// <summary>The DialogueID's raw JSON text has escapes (so it cannot be one of ours; it can still be echoed).</summary>
    public bool DialogueIdEscaped;

    /// <summary>Start of the raw JSON text of a string <c>Body</c> (inside the quotes), or -1.</summary>
    public int BodyStart;

    public int BodyLength;

    /// <summary>Type of a request (only filled when the frame is not a response: the error path).</summary>
    public string? RequestType;
}

/// <summary>Reads Type, Code, CSeq and DialogueID with <see cref="Utf8JsonReader"/>; everything else is skipped.</summary>
internal static class FrameParser
{
    public static bool TryParse(ReadOnlySpan<byte> frame, out ReceivedFrame result)
    {
        result = default;
        result.DialogueIdStart = -1;
        result.BodyStart = -1;
        result.CSeq = -1;
        var sawType = false;
        try
        {
            var reader = new Utf8JsonReader(frame, isFinalBlock: true, state: default);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    return false;
                }

                if (reader.ValueTextEquals("Type"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }

                    sawType = true;
                    result.IsResponse = reader.ValueTextEquals("RESPONSE"u8);
                    if (!result.IsResponse)
                    {
                        result.RequestType = reader.GetString();
                    }
                }
                else if (reader.ValueTextEquals("Code"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out result.Code))
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("CSeq"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number)
                    {
                        return false;
                    }

                    if (!reader.TryGetInt64(out result.CSeq))
                    {
                        result.CSeq = (long)reader.GetDouble();
                    }
                }
                else if (reader.ValueTextEquals("DialogueID"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }

                    // Our DialogueIDs never need escaping; an escaped one cannot be ours and stays unmatched.
                    result.DialogueIdEscaped = reader.ValueIsEscaped;
                    result.DialogueIdStart = (int)reader.TokenStartIndex + 1;
                    result.DialogueIdLength = reader.ValueSpan.Length;
                }
                else if (reader.ValueTextEquals("Body"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        result.BodyStart = (int)reader.TokenStartIndex + 1;
                        result.BodyLength = reader.ValueSpan.Length;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return sawType;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
