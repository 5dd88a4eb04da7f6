using System.Text.Json;
using System.Text.RegularExpressions;

namespace GoRtc.Testing;

/// <summary>
/// A reference rtest script (jsip-spec §10.2): a JSON array of stages
/// <c>{type: send|recv|if|end, value, timeout, option, tag, vars}</c>, validated at load time like the reference
/// (mandatory <c>value</c> for send/recv, known <c>type</c>, variable names <c>^[$][a-zA-Z_]+\w*$</c>, Go duration
/// <c>timeout</c>), with exceptions that name the stage. Run it with <see cref="JsipScriptRunner"/>.
/// </summary>
public sealed partial class JsipScript
{
    private JsipScript(string name, string? sourcePath, IReadOnlyList<JsipScriptStage> stages)
    {
        Name = name;
        SourcePath = sourcePath;
        Stages = stages;
    }

    /// <summary>The file name without extension, or the name given to <see cref="Parse"/>.</summary>
    public string Name { get; }

    /// <summary>The full path of the file, when loaded from one.</summary>
    public string? SourcePath { get; }

    /// <summary>The stages in order.</summary>
    public IReadOnlyList<JsipScriptStage> Stages { get; }

    /// <summary>Loads and validates a script file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="JsipScriptException">The file is not a valid script.</exception>
    public static JsipScript Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"JSIP script file not found: {fullPath}", fullPath);
        }

        return Parse(File.ReadAllText(fullPath), Path.GetFileNameWithoutExtension(fullPath), fullPath);
    }

    /// <summary>Loads and validates a script file asynchronously.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="JsipScriptException">The file is not a valid script.</exception>
    public static async Task<JsipScript> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"JSIP script file not found: {fullPath}", fullPath);
        }

        var json = await File.ReadAllTextAsync(fullPath, cancellationToken).ConfigureAwait(false);
        return Parse(json, Path.GetFileNameWithoutExtension(fullPath), fullPath);
    }

    /// <summary>Parses and validates a script given as JSON text.</summary>
    /// <param name="json">The script: a JSON array of stage objects.</param>
    /// <param name="name">A name for messages.</param>
    /// <exception cref="JsipScriptException">The text is not a valid script.</exception>
    public static JsipScript Parse(string json, string name = "inline") => Parse(json, name, sourcePath: null);

    /// <inheritdoc/>
    public override string ToString() => SourcePath is null ? $"{Name} ({Stages.Count} stages)" : $"{Name} ({SourcePath}, {Stages.Count} stages)";

    [GeneratedRegex(@"^[$][a-zA-Z_]+[a-zA-Z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex VariableNamePattern();

    private static JsipScript Parse(string json, string name, string? sourcePath)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(name);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new JsipScriptException(name, null, $"not valid JSON: {exception.Message}", exception);
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new JsipScriptException(name, null, $"a script must be a JSON array of stages, not {root.ValueKind.ToString().ToLowerInvariant()}.");
        }

        var stages = new List<JsipScriptStage>();
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            stages.Add(ParseStage(name, index, element));
            index++;
        }

        return new JsipScript(name, sourcePath, stages.AsReadOnly());
    }

    private static JsipScriptStage ParseStage(string script, int index, JsonElement element)
    {
        JsipScriptException Error(string message) => new(script, index, message);

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error($"a stage must be a JSON object, not {element.ValueKind.ToString().ToLowerInvariant()}: {element.GetRawText()}");
        }

        if (!element.TryGetProperty("type", out var typeElement) || typeElement.ValueKind == JsonValueKind.Null)
        {
            throw Error($"'type' is mandatory (send, recv, if or end): {element.GetRawText()}");
        }

        if (typeElement.ValueKind != JsonValueKind.String)
        {
            throw Error($"'type' must be a string (send, recv, if or end), not {typeElement.GetRawText()}.");
        }

        var type = typeElement.GetString() switch
        {
            "send" => JsipStageType.Send,
            "recv" => JsipStageType.Recv,
            "if" => JsipStageType.If,
            "end" => JsipStageType.End,
            var other => throw Error($"unknown type \"{other}\" (expected send, recv, if or end)."),
        };
        var typeName = JsipScriptStage.TypeName(type);

        string? tag = null;
        if (element.TryGetProperty("tag", out var tagElement) && tagElement.ValueKind != JsonValueKind.Null)
        {
            tag = tagElement.ValueKind == JsonValueKind.String ? tagElement.GetString() : tagElement.GetRawText();
        }

        TimeSpan? timeout = null;
        string? timeoutText = null;
        if (element.TryGetProperty("timeout", out var timeoutElement) && timeoutElement.ValueKind != JsonValueKind.Null)
        {
            if (timeoutElement.ValueKind != JsonValueKind.String)
            {
                throw Error($"{typeName}: 'timeout' must be a Go duration string such as \"1s\", \"500ms\" or \"1m30s\", not {timeoutElement.GetRawText()}.");
            }

            timeoutText = timeoutElement.GetString()!;
            if (!GoDuration.TryParse(timeoutText, out var parsed, out var error))
            {
                throw Error($"{typeName}: 'timeout' \"{timeoutText}\" is not a Go duration ({error}); use e.g. \"1s\", \"500ms\", \"1m30s\".");
            }

            timeout = parsed;
        }

        var option = false;
        if (element.TryGetProperty("option", out var optionElement) && optionElement.ValueKind != JsonValueKind.Null)
        {
            option = optionElement.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Error($"{typeName}: 'option' must be true or false, not {optionElement.GetRawText()}."),
            };
        }

        JsonElement? value = null;
        IReadOnlyList<JsipScriptVariable> variables = [];
        if (type is JsipStageType.Send or JsipStageType.Recv)
        {
            if (!element.TryGetProperty("value", out var valueElement) || valueElement.ValueKind == JsonValueKind.Null)
            {
                throw Error($"'value' is mandatory in a {typeName} stage.");
            }

            if (valueElement.ValueKind != JsonValueKind.Object)
            {
                throw Error($"{typeName}: 'value' must be a JSON object (a JSIP message), not {valueElement.GetRawText()}.");
            }

            value = valueElement;
            variables = ParseVariables(type, element, Error, VariableNamePattern());
        }

        return new JsipScriptStage(index, type, value, timeout, timeoutText, option, tag, variables, element);
    }

    private static IReadOnlyList<JsipScriptVariable> ParseVariables(
        JsipStageType type,
        JsonElement stage,
        Func<string, JsipScriptException> error,
        Regex variableName)
    {
        if (!stage.TryGetProperty("vars", out var vars) || vars.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        var typeName = JsipScriptStage.TypeName(type);
        var shape = type == JsipStageType.Send ? "{\"<Header>\": \"$var\"}" : "{\"$var\": \"<Header>\"}";
        if (vars.ValueKind != JsonValueKind.Object)
        {
            throw error($"{typeName}: 'vars' must be an object {shape}, not {vars.GetRawText()}.");
        }

        var result = new List<JsipScriptVariable>();
        foreach (var property in vars.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw error($"{typeName}: 'vars' entry \"{property.Name}\" must map to a string ({shape}), not {property.Value.GetRawText()}.");
            }

            var (variable, header) = type == JsipStageType.Send
                ? (property.Value.GetString()!, property.Name)
                : (property.Name, property.Value.GetString()!);
            if (!variableName.IsMatch(variable))
            {
                throw error($"{typeName}: invalid variable name \"{variable}\" in 'vars' (must match ^[$][a-zA-Z_]+\\w*$, e.g. \"$cseq\"; shape {shape}).");
            }

            if (header.Length == 0)
            {
                throw error($"{typeName}: empty header name for variable \"{variable}\" in 'vars'.");
            }

            result.Add(new JsipScriptVariable(variable, header));
        }

        return result.AsReadOnly();
    }
}
