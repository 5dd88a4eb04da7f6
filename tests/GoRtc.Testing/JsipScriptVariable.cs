namespace GoRtc.Testing;

/// <summary>
/// One entry of a stage's <c>vars</c>, normalised: in a <c>send</c> stage <c>"&lt;Header&gt;": "$var"</c>
/// (set the header from the variable), in a <c>recv</c> stage <c>"$var": "&lt;Header&gt;"</c> (capture the header).
/// </summary>
/// <param name="Variable">The variable name, e.g. <c>$cseq</c>.</param>
/// <param name="Header">The JSIP header (top-level key), e.g. <c>CSeq</c>.</param>
public sealed record JsipScriptVariable(string Variable, string Header);
