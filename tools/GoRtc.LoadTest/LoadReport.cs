using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

namespace GoRtc.LoadTest;

/// <summary>Latency of successful operations completed in the measured window, in milliseconds.</summary>
internal sealed record LatencyReport(double P50Ms, double P90Ms, double P99Ms, double MaxMs, double MeanMs);

/// <summary>A sampled server process over the measured window.</summary>
internal sealed record ProcessReport(int Pid, double? CpuPercent, double? RssMb, double? PeakRssMb, string? Error);

/// <summary>The result of one run (text or <c>--json</c>).</summary>
internal sealed record LoadReport
{
    public required string Mode { get; init; }

    public required IReadOnlyList<string> Urls { get; init; }

    public required int Connections { get; init; }

    public required int ConnectedConnections { get; init; }

    public required int Outstanding { get; init; }

    public required double DurationSeconds { get; init; }

    public required double WarmupSeconds { get; init; }

    /// <summary>Successful operations completed inside the measured window.</summary>
    public required long CompletedOperations { get; init; }

    /// <summary>Failed operations (error code, timeout) that ended inside the measured window.</summary>
    public required long FailedOperations { get; init; }

    /// <summary>Successful operations per second of measured wall time.</summary>
    public required double OpsPerSecond { get; init; }

    /// <summary>Operations that ended (success or failure) over the whole run, warm-up and drain included.</summary>
    public required long TotalOperations { get; init; }

    /// <summary>Errors over the whole run (connect, warm-up, measured window, drain), by kind and code.</summary>
    public required SortedDictionary<string, long> Errors { get; init; }

    public required long ErrorCount { get; init; }

    /// <summary>Responses to operations already abandoned as timed out (not errors in themselves).</summary>
    public required long LateResponses { get; init; }

    /// <summary>Responses whose DialogueID is not one of this connection's.</summary>
    public required long UnmatchedResponses { get; init; }

    public required LatencyReport Latency { get; init; }

    /// <summary>The tool's own CPU over the measured window (100 = one core).</summary>
    public required double ToolCpuPercent { get; init; }

    public required double ToolRssMb { get; init; }

    /// <summary>Managed bytes the tool allocated in the measured window per completed operation.</summary>
    public required double ToolAllocatedBytesPerOperation { get; init; }

    public required int ToolGen0Collections { get; init; }

    public required int ProcessorCount { get; init; }

    public required IReadOnlyList<ProcessReport> Processes { get; init; }

    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"mode            {Mode}");
        sb.AppendLine(c, $"urls            {string.Join(", ", Urls)}");
        sb.AppendLine(c, $"connections     {Connections} ({ConnectedConnections} connected), outstanding per connection {Outstanding}");
        sb.AppendLine(c, $"duration        {DurationSeconds:0.###} s measured after {WarmupSeconds:0.###} s warm-up");
        sb.AppendLine(c, $"completed       {CompletedOperations} operations ({FailedOperations} failed in the window, {TotalOperations} ended in the whole run)");
        sb.AppendLine(c, $"throughput      {OpsPerSecond:0.0} ops/s");
        sb.AppendLine(c, $"latency ms      p50 {Latency.P50Ms:0.###}  p90 {Latency.P90Ms:0.###}  p99 {Latency.P99Ms:0.###}  max {Latency.MaxMs:0.###}  mean {Latency.MeanMs:0.###}");
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
            if (p.Error is not null && p.CpuPercent is null)
            {
                sb.AppendLine(c, $"pid {p.Pid,-11} {p.Error}");
            }
            else
            {
                sb.AppendLine(c, $"pid {p.Pid,-11} CPU {p.CpuPercent:0.0} %, RSS {p.RssMb:0.0} MB (peak {p.PeakRssMb:0.0} MB)");
            }
        }

        return sb.ToString();
    }
}

[JsonSourceGenerationOptions(WriteIndented = false, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LoadReport))]
[JsonSerializable(typeof(string))]
internal sealed partial class LoadJsonContext : JsonSerializerContext;
