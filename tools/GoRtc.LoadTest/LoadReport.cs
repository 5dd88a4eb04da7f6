using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

namespace GoRtc.LoadTest;

/// <summary>Latency of successful operations completed in the measured window, in milliseconds.</summary>
internal sealed record LatencyReport(double P50Ms, double P90Ms, double P99Ms, double MaxMs, double MeanMs);

/// <summary>The result of one run (text, <c>--json</c>, or a Markdown row).</summary>
internal sealed record LoadReport
{
    public required string Mode { get; init; }

    public required IReadOnlyList<string> Urls { get; init; }

    public required int Connections { get; init; }

    public required int ConnectedConnections { get; init; }

    public required int Outstanding { get; init; }

    /// <summary>Chat: members per room; null in other modes.</summary>
    public int? RoomSize { get; init; }

    public required double DurationSeconds { get; init; }

    public required double WarmupSeconds { get; init; }

    /// <summary>Successful operations completed inside the measured window.</summary>
    public required long CompletedOperations { get; init; }

    /// <summary>Failed operations (error code, timeout) that ended inside the measured window.</summary>
    public required long FailedOperations { get; init; }

    /// <summary>Successful operations per second of measured wall time.</summary>
    public required double OpsPerSecond { get; init; }

    /// <summary>Chat: copies received by members inside the measured window; null in other modes.</summary>
    public long? DeliveredMessages { get; init; }

    /// <summary>Chat: copies received by members per second of measured wall time.</summary>
    public double? DeliveredPerSecond { get; init; }

    /// <summary>Operations that ended (success or failure) over the whole run, warm-up and drain included.</summary>
    public required long TotalOperations { get; init; }

    /// <summary>Errors over the whole run (connect, warm-up, measured window, drain), by kind and code.</summary>
    public required SortedDictionary<string, long> Errors { get; init; }

    public required long ErrorCount { get; init; }

    /// <summary>Responses to operations already abandoned as timed out (not errors in themselves).</summary>
    public required long LateResponses { get; init; }

    /// <summary>Responses whose DialogueID is not one of this connection's.</summary>
    public required long UnmatchedResponses { get; init; }

    /// <summary>First send → operation complete (chat: → 200 and every member's copy).</summary>
    public required LatencyReport Latency { get; init; }

    /// <summary>Chat: MESSAGE → its 200 only; null in other modes.</summary>
    public LatencyReport? AnswerLatency { get; init; }

    /// <summary>The tool's own CPU over the measured window (100 = one core).</summary>
    public required double ToolCpuPercent { get; init; }

    public required double ToolRssMb { get; init; }

    /// <summary>Managed bytes the tool allocated in the measured window per completed operation.</summary>
    public required double ToolAllocatedBytesPerOperation { get; init; }

    public required int ToolGen0Collections { get; init; }

    public required int ProcessorCount { get; init; }

    public required IReadOnlyList<ProcessReport> Processes { get; init; }

    /// <summary>The processes summed per role, in the order the roles were first given.</summary>
    public IReadOnlyList<RoleReport> Roles => RoleReport.Summarize(Processes);

    /// <summary>The measured window in consecutive windows of <c>--interval</c> (the last one may be shorter).</summary>
    public required IReadOnlyList<WindowReport> Windows { get; init; }

    /// <summary>Slowest full window's rate over the fastest's (1 = perfectly flat); null with fewer than 2 full windows.</summary>
    public double? Flatness => WindowReport.Flatness(Windows);

    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"mode            {Mode}{(RoomSize is { } r ? $" (rooms of {r})" : string.Empty)}");
        sb.AppendLine(c, $"urls            {string.Join(", ", Urls)}");
        sb.AppendLine(c, $"connections     {Connections} ({ConnectedConnections} connected), outstanding per connection {Outstanding}");
        sb.AppendLine(c, $"duration        {DurationSeconds:0.###} s measured after {WarmupSeconds:0.###} s warm-up");
        if (Mode != "idle")
        {
            sb.AppendLine(c, $"completed       {CompletedOperations} operations ({FailedOperations} failed in the window, {TotalOperations} ended in the whole run)");
            sb.AppendLine(c, $"throughput      {OpsPerSecond:0.0} ops/s");
            if (DeliveredPerSecond is { } delivered)
            {
                sb.AppendLine(c, $"delivered       {DeliveredMessages} messages to members, {delivered:0.0}/s");
            }

            sb.AppendLine(c, $"latency ms      p50 {Latency.P50Ms:0.###}  p90 {Latency.P90Ms:0.###}  p99 {Latency.P99Ms:0.###}  max {Latency.MaxMs:0.###}  mean {Latency.MeanMs:0.###}");
            if (AnswerLatency is { } answer)
            {
                sb.AppendLine(c, $"  → 200 only    p50 {answer.P50Ms:0.###}  p90 {answer.P90Ms:0.###}  p99 {answer.P99Ms:0.###}  max {answer.MaxMs:0.###}  mean {answer.MeanMs:0.###}");
            }
        }

        sb.AppendLine(c, $"errors          {ErrorCount}");
        foreach (var (kind, count) in Errors)
        {
            sb.AppendLine(c, $"  {count,10}  {kind}");
        }

        if (LateResponses > 0 || UnmatchedResponses > 0)
        {
            sb.AppendLine(c, $"ignored         {LateResponses} late responses, {UnmatchedResponses} unmatched responses");
        }

        sb.AppendLine(c, $"tool            CPU {ToolCpuPercent:0.0} % ({ProcessorCount} cores), RSS {ToolRssMb:0.0} MB, {ToolAllocatedBytesPerOperation:0} B allocated per operation, {ToolGen0Collections} gen0 GCs");
        foreach (var p in Processes)
        {
            sb.Append(string.Create(c, $"{p.Role} (pid {p.Pid})").PadRight(16)).Append(' ');
            if (p.Error is not null && p.CpuPercent is null)
            {
                sb.AppendLine(p.Error);
                continue;
            }

            sb.Append(c, $"CPU {p.CpuPercent:0.0} %");
            if (p.CpuUsPerOperation is { } us)
            {
                sb.Append(c, $", {us:0.#} µs CPU per operation");
            }

            sb.Append(c, $", RSS {p.StartRssMb:0.0} → {p.RssMb:0.0} MB (peak {p.PeakRssMb:0.0} MB)");
            if (p.RssPerConnectionKb is { } kb)
            {
                sb.Append(c, $", {kb:0.0} KB per connection (RSS before connecting {p.BaselineRssMb:0.0} MB)");
            }

            sb.AppendLine();
        }

        var roles = Roles;
        if (roles.Count < Processes.Count)
        {
            foreach (var role in roles)
            {
                sb.Append(string.Create(c, $"{role.Role} ×{role.Processes}").PadRight(16)).Append(c, $" CPU {role.CpuPercent:0.0} %");
                if (role.CpuUsPerOperation is { } us)
                {
                    sb.Append(c, $", {us:0.#} µs CPU per operation");
                }

                sb.AppendLine(c, $", RSS {role.RssMb:0.0} MB");
            }
        }

        if (Windows.Count > 1)
        {
            sb.AppendLine(c, $"windows         ops/s per window{(Flatness is { } f ? string.Create(c, $" (slowest/fastest {f:0.00})") : string.Empty)}");
            foreach (var w in Windows)
            {
                sb.Append("  ").Append(string.Create(c, $"{w.StartSeconds:0.#}–{w.EndSeconds:0.#} s").PadRight(14)).Append(c, $"{w.OpsPerSecond,10:0.0} ops/s");
                if (w.DeliveredPerSecond is { } d)
                {
                    sb.Append(c, $"  delivered/s {d:0.0}");
                }

                foreach (var (role, rss) in w.RssMb)
                {
                    sb.Append(c, $"  {role} RSS {rss:0.0} MB");
                }

                sb.AppendLine();
            }
        }

        return sb.ToString();
    }

    /// <summary>The header (two lines) of the Markdown table <see cref="ToMarkdownRow"/> fills, for this mode and these roles.</summary>
    public string MarkdownHeader()
    {
        var sb = new StringBuilder();
        var align = new StringBuilder();
        if (Mode == "idle")
        {
            sb.Append("| mode | connections | connected | errors |");
            align.Append("|---|--:|--:|--:|");
            foreach (var role in Roles)
            {
                sb.Append(CultureInfo.InvariantCulture, $" {role.Role} RSS before MB | {role.Role} RSS after MB | {role.Role} KB per connection |");
                align.Append("--:|--:|--:|");
            }
        }
        else
        {
            sb.Append("| mode | C | W | ops/s | delivered/s | errors | p50 ms | p90 ms | p99 ms | max ms | tool CPU % |");
            align.Append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
            foreach (var role in Roles)
            {
                sb.Append(CultureInfo.InvariantCulture, $" {role.Role} CPU % | {role.Role} µs/op | {role.Role} RSS MB |");
                align.Append("--:|--:|--:|");
            }
        }

        return sb.Append('\n').Append(align).Append('\n').ToString();
    }

    /// <summary>This run as one Markdown table row (errors by kind in the errors cell); "–" where there is no value.</summary>
    public string ToMarkdownRow()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var errors = ErrorCount == 0
            ? "0"
            : string.Create(c, $"{ErrorCount}: ") + string.Join("; ", Errors.Select(e => string.Create(c, $"{e.Key} ×{e.Value}"))).Replace("|", "\\|", StringComparison.Ordinal);
        if (Mode == "idle")
        {
            sb.Append(c, $"| idle | {Connections} | {ConnectedConnections} | {errors} |");
            foreach (var role in Roles)
            {
                sb.Append(c, $" {Cell(role.BaselineRssMb, "0.0")} | {Cell(role.RssMb, "0.0")} | {Cell(role.RssPerConnectionKb, "0.0")} |");
            }
        }
        else
        {
            var mode = RoomSize is { } r ? string.Create(c, $"{Mode} (rooms of {r})") : Mode;
            sb.Append(c, $"| {mode} | {Connections} | {Outstanding} | {OpsPerSecond:0} | {Cell(DeliveredPerSecond, "0")} | {errors} | ");
            sb.Append(c, $"{Latency.P50Ms:0.00} | {Latency.P90Ms:0.00} | {Latency.P99Ms:0.00} | {Latency.MaxMs:0.0} | {ToolCpuPercent:0} |");
            foreach (var role in Roles)
            {
                sb.Append(c, $" {Cell(role.CpuPercent, "0")} | {Cell(role.CpuUsPerOperation, "0")} | {Cell(role.RssMb, "0")} |");
            }
        }

        return sb.Append('\n').ToString();
    }

    private static string Cell(double? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
}

[JsonSourceGenerationOptions(WriteIndented = false, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LoadReport))]
[JsonSerializable(typeof(string))]
internal sealed partial class LoadJsonContext : JsonSerializerContext;
