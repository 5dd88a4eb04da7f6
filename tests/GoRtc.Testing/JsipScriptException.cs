namespace GoRtc.Testing;

/// <summary>A reference rtest script could not be loaded: bad JSON or a stage that breaks the format.</summary>
public sealed class JsipScriptException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JsipScriptException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public JsipScriptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for one script and, if known, one stage.</summary>
    public JsipScriptException(string scriptName, int? stageIndex, string message, Exception? innerException = null)
        : base(Compose(scriptName, stageIndex, message), innerException)
    {
        ScriptName = scriptName;
        StageIndex = stageIndex;
    }

    /// <summary>Creates the exception.</summary>
    public JsipScriptException()
    {
    }

    /// <summary>The script's name (file name without extension, or the name given to Parse).</summary>
    public string? ScriptName { get; }

    /// <summary>The 0-based index of the faulty stage in the script's array, if the fault is in a stage.</summary>
    public int? StageIndex { get; }

    private static string Compose(string scriptName, int? stageIndex, string message) =>
        stageIndex is { } index
            ? $"JSIP script '{scriptName}', stage[{index}]: {message}"
            : $"JSIP script '{scriptName}': {message}";
}
