using System.Text;
using System.Text.Json;

namespace GoRtc.Testing;

/// <summary>One validated stage of a reference rtest script (jsip-spec §10.2). Immutable.</summary>
public sealed class JsipScriptStage
{
    internal JsipScriptStage(
        int index,
        JsipStageType type,
        JsonElement? value,
        TimeSpan? timeout,
        string? timeoutText,
        bool option,
        string? tag,
        IReadOnlyList<JsipScriptVariable> variables,
        JsonElement raw)
    {
        Index = index;
        Type = type;
        Value = value;
        Timeout = timeout;
        TimeoutText = timeoutText;
        Option = option;
        Tag = tag;
        Variables = variables;
        Raw = raw;
    }

    /// <summary>0-based position in the script's array; shown as <c>stage[N]</c> in messages.</summary>
    public int Index { get; }

    /// <summary>What the stage does.</summary>
    public JsipStageType Type { get; }

    /// <summary>The <c>value</c> object: the message to send, or the partial expectation of a recv. Always set for send/recv.</summary>
    public JsonElement? Value { get; }

    /// <summary>
    /// The parsed <c>timeout</c>: for send a delay before sending, for recv the maximum wait. Null when absent.
    /// A value ≤ 0 means "no delay" for send and "use the default" for recv, as in the reference.
    /// </summary>
    public TimeSpan? Timeout { get; }

    /// <summary>The <c>timeout</c> exactly as written, e.g. <c>"1s"</c>.</summary>
    public string? TimeoutText { get; }

    /// <summary><c>option</c>: a recv that times out passes.</summary>
    public bool Option { get; }

    /// <summary><c>tag</c>, recorded for messages only.</summary>
    public string? Tag { get; }

    /// <summary>The normalised <c>vars</c> of a send or recv stage (empty for other types).</summary>
    public IReadOnlyList<JsipScriptVariable> Variables { get; }

    /// <summary>The stage object as written in the script.</summary>
    public JsonElement Raw { get; }

    /// <summary>E.g. <c>stage[3] (recv, tag 'ringing', timeout 1s, option)</c>.</summary>
    public string Describe()
    {
        var builder = new StringBuilder();
        builder.Append("stage[").Append(Index).Append("] (").Append(TypeName(Type));
        builder.Append(", tag ").Append(Tag is null ? "none" : $"'{Tag}'");
        if (TimeoutText is not null)
        {
            builder.Append(", timeout ").Append(TimeoutText);
        }

        if (Option)
        {
            builder.Append(", option");
        }

        return builder.Append(')').ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => Describe();

    internal static string TypeName(JsipStageType type) => type switch
    {
        JsipStageType.Send => "send",
        JsipStageType.Recv => "recv",
        JsipStageType.If => "if",
        JsipStageType.End => "end",
        _ => type.ToString(),
    };
}
