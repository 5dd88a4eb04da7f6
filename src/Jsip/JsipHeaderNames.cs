namespace GoRtc.Jsip;

/// <summary>The JSON keys of JSIP's headers.</summary>
public static class JsipHeaderNames
{
    public const string Type = "Type";
    public const string RequestUri = "Request-URI";
    public const string Code = "Code";
    public const string Desc = "Desc";
    public const string From = "From";
    public const string To = "To";
    public const string CSeq = "CSeq";
    public const string DialogueId = "DialogueID";
    public const string Router = "Router";
    public const string Body = "Body";
    public const string RelatedId = "RelatedID";
    public const string Expire = "Expire";

    // Opaque to the stack, named here because services and the stack's own answers use them.
    public const string PAssertedIdentity = "P-Asserted-Identity";
    public const string ContentType = "Content-Type";
    public const string Reason = "Reason";

    /// <summary>True for the headers that <see cref="JsipMessage"/> holds as typed properties.</summary>
    public static bool IsTyped(string name) => name switch
    {
        Type or RequestUri or Code or Desc or From or To or CSeq or DialogueId or Router or Body or RelatedId or Expire => true,
        _ => false,
    };
}
