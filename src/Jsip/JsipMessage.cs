using System.Text;

namespace GoRtc.Jsip;

/// <summary>
/// One JSIP message: a request (<see cref="Code"/> is 0) or a response (<see cref="Code"/> 100..699).
/// Typed properties hold the headers the stack interprets; <see cref="Headers"/> keeps every other header
/// exactly as received, so a clone re-sends them. <c>Desc</c> is not stored: it is regenerated from the
/// code table on every send.
/// </summary>
public sealed class JsipMessage
{
    private List<string>? _router;

    /// <summary>The request's method, or for a response the method of the request it answers.</summary>
    public JsipMethod Method { get; set; }

    /// <summary>0 for a request; the status code of a response.</summary>
    public int Code { get; set; }

    /// <summary>Request-URI of a request; empty for responses.</summary>
    public string RequestUri { get; set; } = string.Empty;

    public string From { get; set; } = string.Empty;

    public string To { get; set; } = string.Empty;

    public uint CSeq { get; set; }

    public string DialogueId { get; set; } = string.Empty;

    /// <summary>The Router entries of a request (trimmed URIs, in order); empty when there is no Router.</summary>
    public List<string> Router
    {
        get => _router ??= [];
        set => _router = value;
    }

    /// <summary>True when the request has at least one Router entry.</summary>
    public bool HasRouter => _router is { Count: > 0 };

    /// <summary>The CSeq of the request an ACK or CANCEL relates to; informational.</summary>
    public uint? RelatedId { get; set; }

    /// <summary>Session (INVITE) or subscription (SUBSCRIBE) length in seconds.</summary>
    public long? Expire { get; set; }

    /// <summary>The body: any JSON value; empty when absent.</summary>
    public JsipValue Body { get; set; }

    /// <summary>Headers the stack does not interpret, preserved on clones.</summary>
    public JsipHeaderCollection Headers { get; private set; } = new();

    public bool IsRequest => Code == 0;

    public bool IsResponse => Code != 0;

    /// <summary><c>INVITE</c> for a request, <c>INVITE_200</c> for a response (the reference's naming).</summary>
    public string Name => IsRequest ? Method.ToWireName() : $"{Method.ToWireName()}_{Code}";

    /// <summary>Builds a request with a fresh random CSeq unless one is given.</summary>
    public static JsipMessage CreateRequest(JsipMethod method, string requestUri, string from, string to, string dialogueId, uint cseq = 0)
    {
        if (method == JsipMethod.None)
        {
            throw new ArgumentOutOfRangeException(nameof(method), "A request needs a method.");
        }

        return new JsipMessage
        {
            Method = method,
            RequestUri = requestUri,
            From = from,
            To = to,
            DialogueId = dialogueId,
            CSeq = cseq == 0 ? JsipCSeq.NewRandom() : cseq,
        };
    }

    /// <summary>
    /// A response to this request: Method, From, To, CSeq and DialogueID copied, no other header
    /// (as the reference's <c>JSIPMsgRes</c>).
    /// </summary>
    public JsipMessage CreateResponse(int code)
    {
        if (!IsRequest)
        {
            throw new InvalidOperationException("Only a request can be answered.");
        }

        if (!JsipStatus.IsValidResponseCode(code))
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "A response code is 100..699.");
        }

        return new JsipMessage
        {
            Method = Method,
            Code = code,
            From = From,
            To = To,
            CSeq = CSeq,
            DialogueId = DialogueId,
        };
    }

    /// <summary>A response with a <c>Reason</c> header saying why.</summary>
    public JsipMessage CreateResponse(int code, string reason)
    {
        var response = CreateResponse(code);
        response.Headers.Set(JsipHeaderNames.Reason, JsipValue.FromString(reason));
        return response;
    }

    /// <summary>The ACK for a final response to an INVITE (Request-URI = To, RelatedID = the INVITE's CSeq).</summary>
    public JsipMessage CreateAck(uint cseq = 0)
    {
        if (IsRequest || Method != JsipMethod.Invite || Code < 200)
        {
            throw new InvalidOperationException("Only a final response to an INVITE is acknowledged.");
        }

        var ack = CreateRequest(JsipMethod.Ack, To, From, To, DialogueId, cseq);
        ack.RelatedId = CSeq;
        return ack;
    }

    /// <summary>The CANCEL of this INVITE (same Request-URI/From/To/DialogueID, RelatedID = its CSeq).</summary>
    public JsipMessage CreateCancel(uint cseq = 0)
    {
        RequireInvite();
        var cancel = CreateRequest(JsipMethod.Cancel, RequestUri, From, To, DialogueId, cseq);
        cancel.RelatedId = CSeq;
        return cancel;
    }

    /// <summary>A BYE within this INVITE's dialogue (From/To not swapped, as in the reference).</summary>
    public JsipMessage CreateBye(uint cseq = 0)
    {
        RequireInvite();
        return CreateRequest(JsipMethod.Bye, RequestUri, From, To, DialogueId, cseq);
    }

    /// <summary>An UPDATE within this INVITE's dialogue.</summary>
    public JsipMessage CreateUpdate(uint cseq = 0)
    {
        RequireInvite();
        return CreateRequest(JsipMethod.Update, RequestUri, From, To, DialogueId, cseq);
    }

    /// <summary>An exact, independent copy.</summary>
    public JsipMessage Clone() => new()
    {
        Method = Method,
        Code = Code,
        RequestUri = RequestUri,
        From = From,
        To = To,
        CSeq = CSeq,
        DialogueId = DialogueId,
        _router = _router is null ? null : [.. _router],
        RelatedId = RelatedId,
        Expire = Expire,
        Body = Body,
        Headers = Headers.Clone(),
    };

    /// <summary>
    /// A copy for another dialogue (the reference's <c>JSIPMsgClone</c>): every header and the body are kept;
    /// a request gets a fresh random CSeq.
    /// </summary>
    public JsipMessage CloneForDialogue(string dialogueId)
    {
        var copy = Clone();
        copy.DialogueId = dialogueId;
        if (copy.IsRequest)
        {
            copy.CSeq = JsipCSeq.NewRandom();
        }

        return copy;
    }

    /// <summary>A string header, or null when absent or not a string.</summary>
    public string? GetString(string name) =>
        Headers.TryGet(name, out var v) && v.TryGetString(out var s) ? s : null;

    /// <summary>A numeric header, or null when absent or not a number.</summary>
    public long? GetInt64(string name) =>
        Headers.TryGet(name, out var v) && v.TryGetInt64(out var n) ? n : null;

    public void SetHeader(string name, string value) => Headers.Set(name, JsipValue.FromString(value));

    public void SetHeader(string name, long value) => Headers.Set(name, JsipValue.FromNumber(value));

    public void SetHeader(string name, JsipValue value) => Headers.Set(name, value);

    public bool RemoveHeader(string name) => Headers.Remove(name);

    /// <summary>A one-line summary for logs: name, dialogue, CSeq, From, To.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(96);
        sb.Append(Name).Append(' ').Append(DialogueId).Append(':').Append(CSeq);
        if (IsRequest)
        {
            sb.Append(' ').Append(RequestUri);
        }

        sb.Append(" from=").Append(From).Append(" to=").Append(To);
        return sb.ToString();
    }

    private void RequireInvite()
    {
        if (!IsRequest || Method != JsipMethod.Invite)
        {
            throw new InvalidOperationException("This builder needs an INVITE request.");
        }
    }
}
