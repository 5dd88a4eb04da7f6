using System.Text;

namespace GoRtc.Jsip.Tests;

/// <summary>Field-by-field comparison of messages (JsipMessage has reference equality).</summary>
public static class JsipAssert
{
    public static void SameMessage(JsipMessage expected, JsipMessage actual)
    {
        Assert.Equal(expected.Method, actual.Method);
        Assert.Equal(expected.Code, actual.Code);
        Assert.Equal(expected.RequestUri, actual.RequestUri);
        Assert.Equal(expected.From, actual.From);
        Assert.Equal(expected.To, actual.To);
        Assert.Equal(expected.CSeq, actual.CSeq);
        Assert.Equal(expected.DialogueId, actual.DialogueId);
        Assert.Equal(expected.HasRouter, actual.HasRouter);
        Assert.Equal(expected.Router, actual.Router);
        Assert.Equal(expected.RelatedId, actual.RelatedId);
        Assert.Equal(expected.Expire, actual.Expire);
        Assert.Equal(expected.Body.IsEmpty, actual.Body.IsEmpty);
        Assert.Equal(expected.Body.Utf8Json.ToArray(), actual.Body.Utf8Json.ToArray());
        Assert.Equal(Describe(expected.Headers), Describe(actual.Headers));
    }

    /// <summary>Headers as "name=rawjson" lines, in order.</summary>
    public static string[] Describe(JsipHeaderCollection headers)
    {
        var lines = new List<string>();
        foreach (var header in headers)
        {
            lines.Add(header.Key + "=" + Encoding.UTF8.GetString(header.Value.Utf8Json.Span));
        }

        return [.. lines];
    }

    public static JsipMessage Valid(string json) => Valid(Encoding.UTF8.GetBytes(json));

    public static JsipMessage Valid(byte[] utf8)
    {
        var result = JsipCodec.Parse(utf8);
        Assert.True(result.IsValid, $"Expected a valid message, got {result}: {Encoding.UTF8.GetString(utf8)}");
        return result.Message;
    }

    public static JsipParseResult Rejected(string json, JsipRejection expected)
    {
        var result = JsipCodec.Parse(Encoding.UTF8.GetBytes(json));
        Assert.Equal(expected, result.Rejection);
        Assert.Null(result.Message);
        return result;
    }
}
