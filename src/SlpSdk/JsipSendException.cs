namespace GoRtc.SlpSdk;

/// <summary>The JSIP stack refused a message an SLP tried to send.</summary>
public sealed class JsipSendException : Exception
{
    public JsipSendException(string rejection, string message)
        : base(message) => Rejection = rejection;

    public JsipSendException()
        : this("Unknown", "The message was refused.")
    {
    }

    public JsipSendException(string message)
        : this("Unknown", message)
    {
    }

    public JsipSendException(string message, Exception innerException)
        : base(message, innerException) => Rejection = "Unknown";

    /// <summary>The kind of refusal, e.g. <c>NoSession</c>, <c>NoTransaction</c>, <c>Invalid</c>, <c>Unavailable</c>.</summary>
    public string Rejection { get; }
}
