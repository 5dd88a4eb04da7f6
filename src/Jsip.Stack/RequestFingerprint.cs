namespace GoRtc.Jsip.Stack;

/// <summary>
/// What makes a request the same request again: a retransmission repeats the method, Request-URI, From, To, Router
/// and body. Holds references to the request's own values, so taking one allocates nothing.
/// </summary>
internal readonly struct RequestFingerprint
{
    private readonly string _requestUri;
    private readonly string _from;
    private readonly string _to;
    private readonly List<string>? _router;
    private readonly JsipValue _body;

    private RequestFingerprint(JsipMessage request)
    {
        Method = request.Method;
        _requestUri = request.RequestUri;
        _from = request.From;
        _to = request.To;
        _router = request.HasRouter ? request.Router : null;
        _body = request.Body;
    }

    public JsipMethod Method { get; }

    public static RequestFingerprint Of(JsipMessage request) => new(request);

    /// <summary>True when <paramref name="candidate"/> repeats the request this was taken of.</summary>
    public bool IsRepeatedBy(JsipMessage candidate) =>
        Method == candidate.Method
        && string.Equals(_requestUri, candidate.RequestUri, StringComparison.Ordinal)
        && string.Equals(_from, candidate.From, StringComparison.Ordinal)
        && string.Equals(_to, candidate.To, StringComparison.Ordinal)
        && RouterEquals(candidate)
        && _body == candidate.Body;

    private bool RouterEquals(JsipMessage candidate) =>
        _router is null ? !candidate.HasRouter : candidate.HasRouter && _router.SequenceEqual(candidate.Router, StringComparer.Ordinal);
}
