namespace GoRtc.LoadTest.Tests;

public sealed class LoadReportTests
{
    [Fact]
    public void Processes_of_one_role_are_summed_in_the_order_roles_first_appear()
    {
        var roles = RoleReport.Summarize([Process("gateway", 1, 50, 20, 100), Process("silo", 2, 80, 40, 300), Process("gateway", 3, 30, 10, 120)]);

        Assert.Equal(["gateway", "silo"], roles.Select(r => r.Role));
        Assert.Equal(new RoleReport("gateway", 2, 80, 30, 220, null, null), roles[0]);
        Assert.Equal(new RoleReport("silo", 1, 80, 40, 300, null, null), roles[1]);
    }

    [Fact]
    public void A_role_sum_is_unknown_when_one_of_its_processes_could_not_be_read()
    {
        var unreadable = Process("gateway", 2, 0, 0, 100) with { CpuPercent = null, CpuUsPerOperation = null, Error = "/proc/2/stat: gone" };

        var role = Assert.Single(RoleReport.Summarize([Process("gateway", 1, 50, 20, 100), unreadable]));

        Assert.Null(role.CpuPercent);
        Assert.Null(role.CpuUsPerOperation);
        Assert.Equal(200, role.RssMb);
    }

    [Fact]
    public void Markdown_row_has_a_cpu_cost_and_rss_column_triple_per_role()
    {
        var report = Report("message", [Process("gateway", 1, 50, 20.4, 100), Process("silo", 2, 80, 41.6, 300)]);

        var header = report.MarkdownHeader().Split('\n');
        var row = report.ToMarkdownRow();

        Assert.Equal("| mode | C | W | ops/s | delivered/s | errors | p50 ms | p90 ms | p99 ms | max ms | tool CPU % | gateway CPU % | gateway µs/op | gateway RSS MB | silo CPU % | silo µs/op | silo RSS MB |", header[0]);
        Assert.Equal(Columns(header[0]), Columns(header[1]));
        Assert.Equal("| message | 100 | 1 | 12346 | – | 0 | 1.25 | 2.50 | 5.00 | 12.3 | 31 | 50 | 20 | 100 | 80 | 42 | 300 |\n", row);
        Assert.Equal(Columns(header[0]), Columns(row));
    }

    [Fact]
    public void Markdown_errors_cell_lists_errors_by_kind_with_pipes_escaped()
    {
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["486 to INVITE"] = 3, ["a|b"] = 1 };
        var report = Report("dialog", [Process("node", 1, 50, 20, 100)]) with { Errors = errors, ErrorCount = 4 };

        Assert.Contains("| 4: 486 to INVITE ×3; a\\|b ×1 |", report.ToMarkdownRow(), StringComparison.Ordinal);
    }

    [Fact]
    public void Chat_row_names_the_room_size_and_messages_delivered_per_second()
    {
        var report = Report("chat", [Process("node", 1, 50, 20, 100)]) with { RoomSize = 10, DeliveredPerSecond = 9_000.4 };

        Assert.StartsWith("| chat (rooms of 10) | 100 | 1 | 12346 | 9000 | 0 |", report.ToMarkdownRow(), StringComparison.Ordinal);
    }

    [Fact]
    public void Idle_row_reports_rss_before_after_and_per_connection()
    {
        var node = Process("node", 1, 2, 0, 400) with { BaselineRssMb = 200, RssPerConnectionKb = 20.48 };
        var report = Report("idle", [node]) with { Connections = 10_000, ConnectedConnections = 9_999 };

        Assert.Equal("| mode | connections | connected | errors | node RSS before MB | node RSS after MB | node KB per connection |", report.MarkdownHeader().Split('\n')[0]);
        Assert.Equal("| idle | 10000 | 9999 | 0 | 200.0 | 400.0 | 20.5 |\n", report.ToMarkdownRow());
    }

    [Fact]
    public void Text_shows_throughput_latency_errors_processes_and_windows()
    {
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["timeout (MESSAGE)"] = 2 };
        var report = Report("message", [Process("gateway", 1, 50, 20, 100), Process("gateway", 2, 30, 10, 120)]) with
        {
            Errors = errors,
            ErrorCount = 2,
            Windows =
            [
                new WindowReport(0, 10, 12_000, null, new Dictionary<string, double> { ["gateway"] = 210 }),
                new WindowReport(10, 20, 6_000, null, new Dictionary<string, double> { ["gateway"] = 260 }),
            ],
        };

        var text = report.ToText();

        Assert.Contains("throughput      12345.6 ops/s", text, StringComparison.Ordinal);
        Assert.Contains("p50 1.25  p90 2.5  p99 5  max 12.345", text, StringComparison.Ordinal);
        Assert.Contains("         2  timeout (MESSAGE)", text, StringComparison.Ordinal);
        Assert.Contains("gateway (pid 1)  CPU 50.0 %, 20 µs CPU per operation", text, StringComparison.Ordinal);
        Assert.Contains("gateway ×2       CPU 80.0 %, 30 µs CPU per operation, RSS 220.0 MB", text, StringComparison.Ordinal);
        Assert.Contains("(slowest/fastest 0.50)", text, StringComparison.Ordinal);
        Assert.Contains("gateway RSS 260.0 MB", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Flatness_compares_full_windows_only()
    {
        WindowReport W(double start, double end, double rate) => new(start, end, rate, null, new Dictionary<string, double>());

        Assert.Null(WindowReport.Flatness([W(0, 10, 100)]));
        Assert.Equal(0.8, WindowReport.Flatness([W(0, 10, 100), W(10, 20, 80), W(20, 20.5, 1)]));
        Assert.Equal(0, WindowReport.Flatness([W(0, 10, 100), W(10, 20, 0)]));
    }

    private static int Columns(string line) => line.TrimEnd('\n').Count(ch => ch == '|');

    private static ProcessReport Process(string role, int pid, double cpu, double usPerOp, double rss) =>
        new(role, pid, cpu, cpu / 10, usPerOp, rss - 10, rss, rss + 5, null, null, null);

    private static LoadReport Report(string mode, IReadOnlyList<ProcessReport> processes) => new()
    {
        Mode = mode,
        Urls = ["ws://127.0.0.1:1/rtc"],
        Connections = 100,
        ConnectedConnections = 100,
        Outstanding = 1,
        DurationSeconds = 10,
        WarmupSeconds = 2,
        CompletedOperations = 123_456,
        FailedOperations = 0,
        OpsPerSecond = 12_345.6,
        TotalOperations = 150_000,
        Errors = new SortedDictionary<string, long>(StringComparer.Ordinal),
        ErrorCount = 0,
        LateResponses = 0,
        UnmatchedResponses = 0,
        Latency = new LatencyReport(1.25, 2.5, 5, 12.345, 1.5),
        ToolCpuPercent = 31.2,
        ToolRssMb = 60,
        ToolAllocatedBytesPerOperation = 70,
        ToolGen0Collections = 0,
        ProcessorCount = 2,
        Processes = processes,
        Windows = [],
    };
}
