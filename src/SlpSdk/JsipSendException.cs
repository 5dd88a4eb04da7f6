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

    public JsipSendException(string rejection, string message, Exception innerException)
        : base(message, innerException) => Rejection = rejection;

    /// <summary>
    /// The rejection of a send that failed because the cluster could not carry it just then (e.g. a silo died a moment
    /// ago): the message may be sent again shortly.
    /// </summary>
    public const string Unavailable = "Unavailable";

    /// <summary>Whether sending again shortly may succeed (<see cref="Unavailable"/>).</summary>
    public bool IsTransient => Rejection == Unavailable;

    /// <summary>The kind of refusal, e.g. <c>NoSession</c>, <c>NoTransaction</c>, <c>Invalid</c>, <c>Unavailable</c>.</summary>
    public string Rejection { get; }
}
