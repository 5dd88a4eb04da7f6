using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GoRtc.Jsip.Stack.Tests.Scripts;

/// <summary>
/// An interpreter of the reference's rtest script format (spec §10.2), playing the client against a
/// <see cref="ScriptHost"/>: <c>send</c> waits its <c>timeout</c> then sends <c>value</c> (with captured variables
/// substituted); <c>recv</c> waits up to its <c>timeout</c> (default 24 h) for the next message and requires every key
/// of <c>value</c> to match (partial match), capturing variables; <c>end</c> stops.
/// </summary>
internal static partial class RtestScript
{
    private static readonly TimeSpan DefaultRecvTimeout = TimeSpan.FromHours(24);

    /// <summary>Runs a script from Scripts/stack; a failing stage fails the test with the stage and the wire log.</summary>
    public static void Run(string name, ScriptHost host)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Scripts", "stack", name + ".json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var variables = new Dictionary<string, JsonElement>();
        var index = 0;
        foreach (var stage in document.RootElement.EnumerateArray())
        {
            index++;
            var type = stage.GetProperty("type").GetString();
            var timeout = stage.TryGetProperty("timeout", out var t) ? ParseDuration(t.GetString()!) : (TimeSpan?)null;
            switch (type)
            {
                case "send":
                    host.Advance(timeout ?? TimeSpan.Zero);
                    host.FromClient(ToMessage(stage.GetProperty("value"), stage, variables));
                    break;
                case "recv":
                    Receive(name, index, stage, timeout ?? DefaultRecvTimeout, host, variables);
                    break;
                case "end":
                    return;
                default:
                    // "if" is a no-op in rtest.
                    break;
            }
        }
    }

    private static void Receive(string name, int index, JsonElement stage, TimeSpan timeout, ScriptHost host, Dictionary<string, JsonElement> variables)
    {
        var deadline = host.Now + timeout;
        while (host.ClientInbox.Count == 0)
        {
            if (host.NextEventTime is not { } next || next > deadline)
            {
                host.AdvanceTo(deadline);
                var optional = stage.TryGetProperty("option", out var o) && o.GetBoolean();
                Assert.True(optional, $"{name} stage {index}: nothing arrived within {timeout}.\n{Transcript(host)}");
                return;
            }

            host.AdvanceTo(next);
        }

        var message = host.ClientInbox.Dequeue();
        foreach (var expected in stage.GetProperty("value").EnumerateObject())
        {
            var actual = Read(message, expected.Name);
            Assert.True(
                actual is not null && Same(expected.Value, actual),
                $"{name} stage {index}: {expected.Name} expected {expected.Value}, got {actual?.ToString() ?? "nothing"} in {message}.\n{Transcript(host)}");
        }

        if (stage.TryGetProperty("vars", out var vars))
        {
            foreach (var capture in vars.EnumerateObject())
            {
                var header = capture.Value.GetString()!;
                if (Read(message, header) is { } value)
                {
                    variables[capture.Name] = JsonSerializer.SerializeToElement(value);
                }
            }
        }
    }

    /// <summary>Builds the message a <c>send</c> stage puts on the wire, as the gateway's codec would deliver it.</summary>
    private static JsipMessage ToMessage(JsonElement value, JsonElement stage, Dictionary<string, JsonElement> variables)
    {
        var fields = value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        if (stage.TryGetProperty("vars", out var vars))
        {
            foreach (var substitution in vars.EnumerateObject())
            {
                if (variables.TryGetValue(substitution.Value.GetString()!, out var captured))
                {
                    fields[substitution.Name] = captured;
                }
            }
        }

        var type = fields["Type"].GetString()!;
        var message = new JsipMessage
        {
            From = fields["From"].GetString()!,
            To = fields["To"].GetString()!,
            DialogueId = fields["DialogueID"].GetString()!,
            CSeq = fields["CSeq"].GetUInt32(),
        };
        if (type == JsipMethods.ResponseTypeName)
        {
            message.Code = fields["Code"].GetInt32();
        }
        else
        {
            message.Method = JsipMethods.Parse(type);
            message.RequestUri = fields["Request-URI"].GetString()!;
            if (fields.TryGetValue("Router", out var router))
            {
                message.Router = [.. router.GetString()!.Split(',').Select(r => r.Trim())];
            }
        }

        if (fields.TryGetValue("Expire", out var expire))
        {
            message.Expire = expire.GetInt64();
        }

        if (fields.TryGetValue("RelatedID", out var related))
        {
            message.RelatedId = related.GetUInt32();
        }

        if (fields.TryGetValue("Body", out var body))
        {
            message.Body = JsipValue.FromRawJson(body.GetRawText());
        }

        return message;
    }

    /// <summary>A header of a message as the wire would show it (numbers as long, strings as string).</summary>
    private static object? Read(JsipMessage message, string header) => header switch
    {
        "Type" => message.IsRequest ? message.Method.ToWireName() : JsipMethods.ResponseTypeName,
        "Code" => message.IsResponse ? message.Code : null,
        "CSeq" => (long)message.CSeq,
        "DialogueID" => message.DialogueId,
        "From" => message.From,
        "To" => message.To,
        "Request-URI" => message.IsRequest ? message.RequestUri : null,
        "Expire" => message.Expire,
        "RelatedID" => message.RelatedId is { } r ? (long)r : null,
        _ => (object?)message.GetString(header) ?? message.GetInt64(header),
    };

    private static bool Same(JsonElement expected, object actual) => expected.ValueKind switch
    {
        JsonValueKind.String => actual is string s && s == expected.GetString(),
        JsonValueKind.Number => actual is int or long && Convert.ToInt64(actual, CultureInfo.InvariantCulture) == expected.GetInt64(),
        _ => false,
    };

    /// <summary>Go duration strings as the scripts use them: <c>1s</c>, <c>500ms</c>, <c>2m</c>, <c>24h</c>.</summary>
    private static TimeSpan ParseDuration(string text)
    {
        var match = DurationPattern().Match(text);
        Assert.True(match.Success, $"unsupported duration {text}");
        var amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount),
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            _ => TimeSpan.FromHours(amount),
        };
    }

    private static string Transcript(ScriptHost host) =>
        string.Join('\n', host.Wire.Select(w => $"  {w.At.TotalSeconds,7:0.###}s {w.Way} {w.Message}"));

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m|h)$")]
    private static partial Regex DurationPattern();
}
