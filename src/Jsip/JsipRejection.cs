namespace GoRtc.Jsip;

/// <summary>
/// Why a JSIP message was refused: by <see cref="JsipCodec.Parse(ReadOnlySpan{byte})"/> on receive, or by
/// <see cref="JsipValidator.ValidateOutbound"/> before sending. <see cref="JsipRejections.ToReason"/> gives the
/// text of the <c>Reason</c> header of the 400 that answers a rejected request.
/// </summary>
public enum JsipRejection : byte
{
    /// <summary>The message is valid.</summary>
    None = 0,

    /// <summary>The payload is not well-formed, strict JSON in valid UTF-8 (or a key cannot be read as text).</summary>
    NotJson,

    /// <summary>The payload is valid JSON but not one object.</summary>
    NotObject,

    /// <summary>The JSON nests deeper than <see cref="JsipCodec.MaxDepth"/>.</summary>
    TooDeep,

    /// <summary>A top-level key occurs twice.</summary>
    DuplicateHeader,

    MissingType,

    /// <summary><c>Type</c> is not a string.</summary>
    InvalidType,

    /// <summary><c>Type</c> is a string but neither a method name nor <c>RESPONSE</c> (e.g. <c>TERM</c>, <c>invite</c>).</summary>
    UnknownType,

    MissingCode,

    /// <summary><c>Code</c> is not an integer number in 100..699.</summary>
    InvalidCode,

    MissingRequestUri,

    /// <summary><c>Request-URI</c> is not a non-empty string.</summary>
    InvalidRequestUri,

    MissingFrom,

    /// <summary><c>From</c> is not a non-empty string.</summary>
    InvalidFrom,

    MissingTo,

    /// <summary><c>To</c> is not a non-empty string.</summary>
    InvalidTo,

    MissingCSeq,

    /// <summary><c>CSeq</c> is not an integer number in 1..4294967295.</summary>
    InvalidCSeq,

    MissingDialogueId,

    /// <summary><c>DialogueID</c> is not a non-empty string.</summary>
    InvalidDialogueId,

    /// <summary>A request's <c>Router</c> is not a string of comma-separated, valid URIs.</summary>
    InvalidRouter,

    /// <summary><c>RelatedID</c> is not an integer number in 0..4294967295.</summary>
    InvalidRelatedId,

    /// <summary><c>Expire</c> is not an integer number in 0..2147483647.</summary>
    InvalidExpire,

    /// <summary>The frame is longer than the transport accepts.</summary>
    FrameTooLarge,
}
