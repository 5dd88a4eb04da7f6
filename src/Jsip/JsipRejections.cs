namespace GoRtc.Jsip;

/// <summary>Texts for <see cref="JsipRejection"/>.</summary>
public static class JsipRejections
{
    /// <summary>
    /// The text of the <c>Reason</c> header sent with the 400 that answers a rejected request, e.g.
    /// <c>Missing From</c>; empty for <see cref="JsipRejection.None"/>.
    /// </summary>
    public static string ToReason(this JsipRejection rejection) => rejection switch
    {
        JsipRejection.None => string.Empty,
        JsipRejection.NotJson => "Not JSON",
        JsipRejection.NotObject => "Not a JSON object",
        JsipRejection.TooDeep => "JSON nested too deep",
        JsipRejection.DuplicateHeader => "Duplicate Header",
        JsipRejection.MissingType => "Missing Type",
        JsipRejection.InvalidType => "Invalid Type",
        JsipRejection.UnknownType => "Unknown Type",
        JsipRejection.MissingCode => "Missing Code",
        JsipRejection.InvalidCode => "Invalid Code",
        JsipRejection.MissingRequestUri => "Missing Request-URI",
        JsipRejection.InvalidRequestUri => "Invalid Request-URI",
        JsipRejection.MissingFrom => "Missing From",
        JsipRejection.InvalidFrom => "Invalid From",
        JsipRejection.MissingTo => "Missing To",
        JsipRejection.InvalidTo => "Invalid To",
        JsipRejection.MissingCSeq => "Missing CSeq",
        JsipRejection.InvalidCSeq => "Invalid CSeq",
        JsipRejection.MissingDialogueId => "Missing DialogueID",
        JsipRejection.InvalidDialogueId => "Invalid DialogueID",
        JsipRejection.InvalidRouter => "Invalid Router",
        JsipRejection.InvalidRelatedId => "Invalid RelatedID",
        JsipRejection.InvalidExpire => "Invalid Expire",
        JsipRejection.FrameTooLarge => "Frame too large",
        _ => throw new ArgumentOutOfRangeException(nameof(rejection), rejection, "Unknown JSIP rejection."),
    };
}
