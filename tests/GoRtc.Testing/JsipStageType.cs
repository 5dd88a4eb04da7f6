namespace GoRtc.Testing;

/// <summary>The <c>type</c> of a reference rtest script stage.</summary>
public enum JsipStageType
{
    /// <summary>Wait <c>timeout</c> (a delay), substitute <c>vars</c>, send <c>value</c> as one text frame.</summary>
    Send,

    /// <summary>Wait up to <c>timeout</c> for one message that partially matches <c>value</c>; capture <c>vars</c>.</summary>
    Recv,

    /// <summary>Parsed but a no-op, as in the reference.</summary>
    If,

    /// <summary>Stop the script with success.</summary>
    End,
}
