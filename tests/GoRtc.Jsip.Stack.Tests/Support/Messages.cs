namespace GoRtc.Jsip.Stack.Tests.Support;

/// <summary>Builders for the messages of a test dialogue (the peer is "Alex", the app "Bob").</summary>
internal static class Messages
{
    public const string DialogueId = "dlg-test";

    /// <summary>A request with the given CSeq (0 = let the stack pick one).</summary>
    public static JsipMessage Request(JsipMethod method, uint cseq, long? expire = null) => new()
    {
        Method = method,
        RequestUri = method.ToWireName(),
        From = "Alex@gortc.com",
        To = "Bob@gortc.com",
        DialogueId = DialogueId,
        CSeq = cseq,
        Expire = expire,
    };

    public static JsipMessage Invite(uint cseq = 1, long? expire = null) => Request(JsipMethod.Invite, cseq, expire);

    /// <summary>A response as the codec delivers it from the wire: Type RESPONSE, so no method yet.</summary>
    public static JsipMessage FromPeer(JsipMessage request, int code)
    {
        var response = request.CreateResponse(code);
        response.Method = JsipMethod.None;
        return response;
    }

    /// <summary>A response as an SLP builds it (the SDK's JSIPMsgRes).</summary>
    public static JsipMessage FromApp(JsipMessage request, int code) => request.CreateResponse(code);

    /// <summary>An ACK with its own CSeq (as the reference scripts send it).</summary>
    public static JsipMessage Ack(uint cseq) => Request(JsipMethod.Ack, cseq);
}
