using System.Diagnostics.CodeAnalysis;

namespace GoRtc.Jsip;

/// <summary>
/// The outcome of <see cref="JsipCodec.Parse(ReadOnlySpan{byte})"/>: either a valid <see cref="Message"/>, or a
/// <see cref="Rejection"/> with whatever could be read (<see cref="Partial"/>) and whether the sender can be
/// answered (<see cref="CanAnswer"/>).
/// </summary>
public readonly struct JsipParseResult
{
    private JsipParseResult(JsipMessage? message, JsipRejection rejection, JsipMessage? partial, bool canAnswer, string? detail)
    {
        Message = message;
        Rejection = rejection;
        Partial = partial;
        CanAnswer = canAnswer;
        Detail = detail;
    }

    /// <summary>The message, when it is valid.</summary>
    public JsipMessage? Message { get; }

    /// <summary><see cref="JsipRejection.None"/> when valid, else the first rule broken (in the order of spec §1.6).</summary>
    public JsipRejection Rejection { get; }

    /// <summary>
    /// For a rejected object: the fields that could be read (Method when <c>Type</c> was a request method, Code when
    /// valid, From, To, CSeq, DialogueID, other headers, Body). Null when the payload was not a readable JSON object.
    /// Best effort: trust it only as far as <see cref="CanAnswer"/> says.
    /// </summary>
    public JsipMessage? Partial { get; }

    /// <summary>
    /// True when the rejected payload was a request of a known method other than ACK whose DialogueID and CSeq were
    /// read unambiguously: the receiver should answer it with <see cref="CreateRejectionResponse"/> (a 400 with a
    /// <c>Reason</c> header) instead of dropping it.
    /// </summary>
    [MemberNotNullWhen(true, nameof(Partial))]
    public bool CanAnswer { get; }

    /// <summary>A short explanation for logs (e.g. the duplicated key, the bad Router entry); may be null.</summary>
    public string? Detail { get; }

    /// <summary>True when <see cref="Message"/> holds a valid message.</summary>
    [MemberNotNullWhen(true, nameof(Message))]
    public bool IsValid => Rejection == JsipRejection.None && Message is not null;

    /// <summary>A rejection for a payload that was never parsed, e.g. <see cref="JsipRejection.FrameTooLarge"/>.</summary>
    public static JsipParseResult Rejected(JsipRejection rejection, string? detail = null)
    {
        if (rejection == JsipRejection.None)
        {
            throw new ArgumentOutOfRangeException(nameof(rejection), rejection, "A rejection is needed.");
        }

        return new(null, rejection, null, false, detail);
    }

    /// <summary>
    /// The answer to a rejected request: <c>400</c> with <c>Reason: &lt;rejection text&gt;</c>, built from
    /// <see cref="Partial"/> (Method, From, To, CSeq, DialogueID). Throws when <see cref="CanAnswer"/> is false.
    /// </summary>
    public JsipMessage CreateRejectionResponse()
    {
        if (!CanAnswer)
        {
            throw new InvalidOperationException("This payload cannot be answered.");
        }

        return Partial.CreateResponse(400, Rejection.ToReason());
    }

    public override string ToString() => IsValid
        ? $"Ok {Message}"
        : Detail is null ? Rejection.ToReason() : $"{Rejection.ToReason()} ({Detail})";

    internal static JsipParseResult Valid(JsipMessage message) => new(message, JsipRejection.None, null, false, null);

    internal static JsipParseResult Invalid(JsipRejection rejection, JsipMessage? partial, bool canAnswer, string? detail) =>
        new(null, rejection, partial, canAnswer && partial is not null, detail);
}
