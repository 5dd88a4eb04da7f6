using System.Net;

namespace GoRtc.Testing;

/// <summary>A <see cref="JsipTestClient"/> could not open its WebSocket (refused, timed out, or upgrade rejected).</summary>
public sealed class JsipConnectException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JsipConnectException(Uri uri, HttpStatusCode? statusCode, string reason, Exception? innerException)
        : base($"WebSocket connect to {uri} failed: {reason}", innerException)
    {
        Uri = uri;
        StatusCode = statusCode;
    }

    /// <summary>Creates the exception.</summary>
    public JsipConnectException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public JsipConnectException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public JsipConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The URL that was dialled.</summary>
    public Uri? Uri { get; }

    /// <summary>
    /// The HTTP status of the upgrade response when the server answered but refused the upgrade
    /// (e.g. 400 for a missing <c>userid</c>, 403 when authentication rejects it); null when no HTTP answer came.
    /// </summary>
    public HttpStatusCode? StatusCode { get; }
}
