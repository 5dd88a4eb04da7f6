using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace GoRtc.Testing;

/// <summary>
/// Runs a <see cref="JsipScript"/> over a <see cref="JsipTestClient"/> with the semantics of the reference rtest
/// (jsip-spec §10.2), minus its bugs:
/// <list type="bullet">
/// <item><c>send</c>: wait <c>timeout</c> (a delay), copy <c>value</c>, set each <c>"&lt;Header&gt;": "$var"</c> whose
/// variable was captured to the captured JSON value (type preserved; an uncaptured variable leaves the field as written),
/// send one text frame.</item>
/// <item><c>recv</c>: wait up to <c>timeout</c> (or <see cref="ScriptRunOptions.DefaultRecvTimeout"/>) for one message;
/// it must be a JSON object in which every top-level key of <c>value</c> has an equal JSON value
/// (<see cref="JsonPartialMatch"/>); on a match each <c>"$var": "&lt;Header&gt;"</c> captures the received header if
/// present and non-null. With the default <see cref="UnmatchedMessagePolicy.Fail"/>, the first non-matching message
/// fails the script (strict ordering, as the reference). A timeout fails unless <c>option</c> is true; a timed-out
/// recv consumes nothing, so later messages reach the next stage (the reference lost one). A closed connection fails
/// at once (even with <c>option</c>) instead of waiting out the timeout.</item>
/// <item><c>if</c>: no-op. <c>end</c>: stop with success.</item>
/// </list>
/// Cancellation of the token throws; every other problem is reported in the <see cref="ScriptResult"/>.
/// </summary>
public sealed partial class JsipScriptRunner
{
    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Runs <paramref name="script"/> once on <paramref name="client"/>.</summary>
    public async Task<ScriptResult> RunAsync(
        JsipScript script,
        JsipTestClient client,
        ScriptRunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(client);
        var run = new Run(script, client, options ?? ScriptRunOptions.Default);
        run.Log($"script '{script.Name}' starts ({script.Stages.Count} stages)");
        foreach (var stage in script.Stages)
        {
            run.StagesRun++;
            var failure = stage.Type switch
            {
                JsipStageType.Send => await SendAsync(run, stage, cancellationToken).ConfigureAwait(false),
                JsipStageType.Recv => await ReceiveAsync(run, stage, cancellationToken).ConfigureAwait(false),
                _ => null,
            };
            if (failure is not null)
            {
                run.Log($"{stage.Describe()} FAILED ({failure.Value.Kind})");
                return run.Result(stage, failure.Value.Kind, failure.Value.Message, endedByEndStage: false);
            }

            if (stage.Type == JsipStageType.If)
            {
                run.Log($"{stage.Describe()} is a no-op");
            }
            else if (stage.Type == JsipStageType.End)
            {
                run.Log($"{stage.Describe()} ends the script: passed");
                return run.Result(null, null, null, endedByEndStage: true);
            }
        }

        run.Log($"script '{script.Name}' passed");
        return run.Result(null, null, null, endedByEndStage: false);
    }

    private static async Task<(ScriptFailureKind Kind, string Message)?> SendAsync(Run run, JsipScriptStage stage, CancellationToken cancellationToken)
    {
        if (stage.Timeout is { } delay && delay > TimeSpan.Zero)
        {
            await DelayAtLeastAsync(delay, cancellationToken).ConfigureAwait(false);
        }

        var message = JsonNode.Parse(stage.Value!.Value.GetRawText())!.AsObject();
        foreach (var variable in stage.Variables)
        {
            if (run.Variables.TryGetValue(variable.Variable, out var captured))
            {
                message[variable.Header] = JsonNode.Parse(captured.GetRawText());
            }
            else
            {
                run.Log($"{stage.Describe()}: variable {variable.Variable} was never captured; \"{variable.Header}\" is sent as written");
            }
        }

        var text = message.ToJsonString(SerializerOptions);
        try
        {
            await run.Client.SendTextAsync(text, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            var report = new StringBuilder();
            report.Append("  the send failed: ").Append(exception.GetType().Name).Append(": ").AppendLine(exception.Message);
            AppendConnectionState(report, run.Client);
            report.AppendLine("  message that could not be sent:").Append("    ").AppendLine(text);
            return (ScriptFailureKind.SendFailed, run.Compose(stage, report));
        }

        run.Record(stage, ScriptDirection.Sent, text);
        return null;
    }

    private static async Task<(ScriptFailureKind Kind, string Message)?> ReceiveAsync(Run run, JsipScriptStage stage, CancellationToken cancellationToken)
    {
        var expected = stage.Value!.Value;
        var useStageTimeout = stage.Timeout is { } t && t > TimeSpan.Zero;
        var timeout = useStageTimeout ? stage.Timeout!.Value : run.Options.DefaultRecvTimeout;
        var timeoutOrigin = useStageTimeout ? "the stage's timeout" : "ScriptRunOptions.DefaultRecvTimeout; the stage gives none";
        var started = Stopwatch.GetTimestamp();
        var received = new List<(ReceivedMessage Message, string Problem)>();
        while (true)
        {
            var remaining = timeout - Stopwatch.GetElapsedTime(started);
            var message = remaining > TimeSpan.Zero
                ? await run.Client.ReceiveAsync(remaining, cancellationToken).ConfigureAwait(false)
                : null;
            if (message is null)
            {
                if (run.Client.IsClosed && run.Client.PendingCount == 0)
                {
                    var report = new StringBuilder();
                    report.Append("  the connection was closed while waiting ")
                        .Append(FormattableString.Invariant($"{Stopwatch.GetElapsedTime(started).TotalSeconds:0.000}s"))
                        .Append(" (of ").Append(GoDuration.Format(timeout)).AppendLine(") for a matching message.");
                    AppendConnectionState(report, run.Client);
                    AppendExpectation(report, expected);
                    AppendReceived(report, received);
                    return (ScriptFailureKind.ConnectionClosed, run.Compose(stage, report));
                }

                if (stage.Option)
                {
                    run.Log($"{stage.Describe()}: optional recv timed out after {GoDuration.Format(timeout)}; continuing");
                    return null;
                }

                var timeoutReport = new StringBuilder();
                timeoutReport.Append("  timeout after ").Append(GoDuration.Format(timeout)).Append(" (").Append(timeoutOrigin)
                    .AppendLine("): no matching message arrived.");
                AppendExpectation(timeoutReport, expected);
                AppendReceived(timeoutReport, received);
                return (ScriptFailureKind.Timeout, run.Compose(stage, timeoutReport));
            }

            run.Record(stage, ScriptDirection.Received, message.Describe());
            var (kind, problem) = Check(expected, message);
            if (kind is null)
            {
                foreach (var variable in stage.Variables)
                {
                    if (message.Header(variable.Header) is { ValueKind: not JsonValueKind.Null } value)
                    {
                        run.Variables[variable.Variable] = value;
                        run.Log($"{stage.Describe()}: {variable.Variable} = {value.GetRawText()} (from \"{variable.Header}\")");
                    }
                    else
                    {
                        run.Log($"{stage.Describe()}: {variable.Variable} not captured (\"{variable.Header}\" absent or null)");
                    }
                }

                run.Log($"{stage.Describe()} matched");
                return null;
            }

            received.Add((message, problem));
            if (run.Options.UnmatchedMessages == UnmatchedMessagePolicy.Skip)
            {
                run.Log($"{stage.Describe()}: skipped a non-matching message ({problem.Replace(Environment.NewLine, "; ", StringComparison.Ordinal)})");
                continue;
            }

            var report2 = new StringBuilder();
            report2.AppendLine(kind == ScriptFailureKind.Mismatch
                ? "  the message received does not match (strict order: a recv takes exactly one message):"
                : "  the message received is not a JSON object:");
            foreach (var line in problem.Split(Environment.NewLine))
            {
                report2.Append("    ").AppendLine(line);
            }

            AppendExpectation(report2, expected);
            AppendReceived(report2, received);
            return (kind.Value, run.Compose(stage, report2));
        }
    }

    /// <summary>Like Go's time.Sleep, never shorter than asked (timers may fire a little early).</summary>
    private static async Task DelayAtLeastAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        TimeSpan remaining;
        while ((remaining = delay - Stopwatch.GetElapsedTime(started)) > TimeSpan.Zero)
        {
            await Task.Delay(remaining < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : remaining, cancellationToken).ConfigureAwait(false);
        }
    }

    private static (ScriptFailureKind? Kind, string Problem) Check(JsonElement expected, ReceivedMessage message)
    {
        if (message.IsBinary)
        {
            return (ScriptFailureKind.NotJsonObject, $"a binary message ({message.Bytes.Length} bytes) arrived; JSIP messages are text frames");
        }

        if (message.Json is not { } json)
        {
            return (ScriptFailureKind.NotJsonObject, "the text is not valid JSON");
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            return (ScriptFailureKind.NotJsonObject, $"the JSON is {json.ValueKind.ToString().ToLowerInvariant()}, not an object");
        }

        var differences = JsonPartialMatch.Differences(expected, json);
        return differences.Count == 0 ? (null, string.Empty) : (ScriptFailureKind.Mismatch, string.Join(Environment.NewLine, differences));
    }

    private static void AppendExpectation(StringBuilder report, JsonElement expected)
    {
        report.AppendLine("  expected (partial match: each of these keys with an equal JSON value, other keys ignored):");
        report.Append("    ").AppendLine(Compact(expected));
    }

    private static void AppendReceived(StringBuilder report, List<(ReceivedMessage Message, string Problem)> received)
    {
        if (received.Count == 0)
        {
            report.AppendLine("  received during this stage: nothing");
            return;
        }

        report.Append("  received during this stage (").Append(received.Count).AppendLine(received.Count == 1 ? " message):" : " messages):");
        for (var i = 0; i < received.Count; i++)
        {
            report.Append("    #").Append(i + 1).Append(' ').AppendLine(received[i].Message.Describe());
            if (received.Count > 1)
            {
                report.Append("       (").Append(received[i].Problem.Replace(Environment.NewLine, "; ", StringComparison.Ordinal)).AppendLine(")");
            }
        }
    }

    private static void AppendConnectionState(StringBuilder report, JsipTestClient client)
    {
        if (!client.IsClosed)
        {
            return;
        }

        if (client.CloseStatus is { } status)
        {
            report.Append("  connection closed ").Append(client.ClosedByServer ? "by the server" : "after the client's close")
                .Append(": status ").Append((int)status).Append(' ').Append(status)
                .Append(", reason '").Append(client.CloseStatusDescription).AppendLine("'");
        }
        else if (client.ReceiveError is { } error)
        {
            report.Append("  connection broken: ").Append(error.GetType().Name).Append(": ").AppendLine(error.Message);
        }
        else
        {
            report.AppendLine("  connection closed");
        }
    }

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element, SerializerOptions);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Line}")]
    private static partial void LogLine(ILogger logger, string line);

    private sealed class Run(JsipScript script, JsipTestClient client, ScriptRunOptions options)
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly List<ScriptTranscriptEntry> _transcript = [];

        public JsipScript Script { get; } = script;

        public JsipTestClient Client { get; } = client;

        public ScriptRunOptions Options { get; } = options;

        public Dictionary<string, JsonElement> Variables { get; } = new(StringComparer.Ordinal);

        public int StagesRun { get; set; }

        public void Record(JsipScriptStage stage, ScriptDirection direction, string text)
        {
            var entry = new ScriptTranscriptEntry(stage.Index, direction, text, Stopwatch.GetElapsedTime(_started));
            _transcript.Add(entry);
            Log($"{stage.Describe()} {(direction == ScriptDirection.Sent ? "→" : "←")} {text}");
        }

        public void Log(string line)
        {
            if (Options.Log is null && Options.Logger is null)
            {
                return;
            }

            var text = $"[{Client.Name}] {Script.Name}: {line}";
            Options.Log?.Invoke(text);
            if (Options.Logger is { } logger)
            {
                LogLine(logger, text);
            }
        }

        public string Compose(JsipScriptStage stage, StringBuilder details)
        {
            var report = new StringBuilder();
            report.Append("JSIP script '").Append(Script.Name).Append("' FAILED at ").Append(stage.Describe())
                .Append(FormattableString.Invariant($" after {Stopwatch.GetElapsedTime(_started).TotalSeconds:0.000}s"))
                .Append(", client '").Append(Client.Name).AppendLine("':");
            report.Append(details);
            var recent = _transcript.Where(e => e.StageIndex != stage.Index).TakeLast(Math.Max(0, Options.RecentTrafficInFailure)).ToList();
            if (recent.Count > 0)
            {
                report.AppendLine("  recent traffic before this stage:");
                foreach (var entry in recent)
                {
                    report.Append("    ").AppendLine(entry.ToString());
                }
            }

            if (Script.SourcePath is { } path)
            {
                report.Append("  script file: ").AppendLine(path);
            }

            return report.ToString().TrimEnd();
        }

        public ScriptResult Result(JsipScriptStage? failedStage, ScriptFailureKind? kind, string? message, bool endedByEndStage) =>
            new(
                Script,
                Client.Name,
                failedStage,
                kind,
                message,
                endedByEndStage,
                StagesRun,
                _transcript.ToList().AsReadOnly(),
                new Dictionary<string, JsonElement>(Variables, StringComparer.Ordinal).AsReadOnly(),
                Stopwatch.GetElapsedTime(_started));
    }
}
