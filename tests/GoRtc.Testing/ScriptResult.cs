using System.Text.Json;

namespace GoRtc.Testing;

/// <summary>Why a script failed.</summary>
public enum ScriptFailureKind
{
    /// <summary>A non-optional recv got no message within its timeout.</summary>
    Timeout,

    /// <summary>A recv got a JSON object that does not match its value.</summary>
    Mismatch,

    /// <summary>A recv got a binary message, text that is not JSON, or JSON that is not an object.</summary>
    NotJsonObject,

    /// <summary>The connection was closed (or broke) while a recv was waiting.</summary>
    ConnectionClosed,

    /// <summary>A send failed because the connection is gone.</summary>
    SendFailed,
}

/// <summary>Whether a frame in a <see cref="ScriptTranscriptEntry"/> went out or came in.</summary>
public enum ScriptDirection
{
    /// <summary>Sent by the script.</summary>
    Sent,

    /// <summary>Received from the server.</summary>
    Received,
}

/// <summary>One frame sent or received while a script ran.</summary>
/// <param name="StageIndex">The stage that sent or received it.</param>
/// <param name="Direction">Sent or received.</param>
/// <param name="Text">The raw frame (text, or a description of a binary frame).</param>
/// <param name="At">Time since the run started.</param>
public sealed record ScriptTranscriptEntry(int StageIndex, ScriptDirection Direction, string Text, TimeSpan At)
{
    /// <summary>E.g. <c>+0.512s stage[2] ← {"Type":"RESPONSE",…}</c>.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"+{At.TotalSeconds:0.000}s stage[{StageIndex}] {(Direction == ScriptDirection.Sent ? "→" : "←")} {Text}");
}

/// <summary>The outcome of <see cref="JsipScriptRunner.RunAsync"/>.</summary>
public sealed class ScriptResult
{
    internal ScriptResult(
        JsipScript script,
        string clientName,
        JsipScriptStage? failedStage,
        ScriptFailureKind? failureKind,
        string? failureMessage,
        bool endedByEndStage,
        int stagesRun,
        IReadOnlyList<ScriptTranscriptEntry> transcript,
        IReadOnlyDictionary<string, JsonElement> variables,
        TimeSpan elapsed)
    {
        Script = script;
        ClientName = clientName;
        FailedStage = failedStage;
        FailureKind = failureKind;
        FailureMessage = failureMessage;
        EndedByEndStage = endedByEndStage;
        StagesRun = stagesRun;
        Transcript = transcript;
        Variables = variables;
        Elapsed = elapsed;
    }

    /// <summary>The script that ran.</summary>
    public JsipScript Script { get; }

    /// <summary>The client's name.</summary>
    public string ClientName { get; }

    /// <summary>True when the script reached an <c>end</c> stage or its last stage without failing.</summary>
    public bool Passed => FailedStage is null;

    /// <summary>The 0-based index of the failing stage; null when passed.</summary>
    public int? FailedStageIndex => FailedStage?.Index;

    /// <summary>The failing stage; null when passed.</summary>
    public JsipScriptStage? FailedStage { get; }

    /// <summary>Why it failed; null when passed.</summary>
    public ScriptFailureKind? FailureKind { get; }

    /// <summary>
    /// A multi-line explanation naming the stage (index, tag, type), what was expected, the raw JSON of every message
    /// received during that stage (or the timeout), and the recent traffic; null when passed.
    /// </summary>
    public string? FailureMessage { get; }

    /// <summary>True when an <c>end</c> stage stopped the script.</summary>
    public bool EndedByEndStage { get; }

    /// <summary>How many stages were started (including a failing one and an end stage).</summary>
    public int StagesRun { get; }

    /// <summary>Every frame sent and received, in order.</summary>
    public IReadOnlyList<ScriptTranscriptEntry> Transcript { get; }

    /// <summary>The variables captured by recv stages, with their JSON values (types preserved).</summary>
    public IReadOnlyDictionary<string, JsonElement> Variables { get; }

    /// <summary>How long the run took.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Throws <see cref="JsipScriptFailedException"/> carrying <see cref="FailureMessage"/> unless the script passed.</summary>
    public ScriptResult EnsurePassed() => Passed ? this : throw new JsipScriptFailedException(this);

    /// <inheritdoc/>
    public override string ToString() =>
        Passed
            ? FormattableString.Invariant($"JSIP script '{Script.Name}' passed ({StagesRun} stages, {Elapsed.TotalSeconds:0.000}s, client '{ClientName}')")
            : FailureMessage!;
}

/// <summary>Thrown by <see cref="ScriptResult.EnsurePassed"/>; the message is the full failure report.</summary>
public sealed class JsipScriptFailedException : Exception
{
    /// <summary>Creates the exception for a failed result.</summary>
    public JsipScriptFailedException(ScriptResult result)
        : base(result?.FailureMessage ?? "JSIP script failed.")
    {
        Result = result;
    }

    /// <summary>Creates the exception.</summary>
    public JsipScriptFailedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public JsipScriptFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public JsipScriptFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The failed result.</summary>
    public ScriptResult? Result { get; }
}
