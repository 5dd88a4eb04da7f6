namespace GoRtc.LoadTest;

/// <summary>A sampled server process over the measured window.</summary>
/// <param name="Role">What it is in the cluster (<c>--pid ROLE=PID</c>).</param>
/// <param name="Pid">Its process id.</param>
/// <param name="CpuPercent">CPU over the measured window (100 = one core).</param>
/// <param name="CpuSeconds">CPU seconds (user + system) over the measured window.</param>
/// <param name="CpuUsPerOperation">CPU µs per successful operation of the window: its cost per transaction.</param>
/// <param name="StartRssMb">RSS at the start of the measured window.</param>
/// <param name="RssMb">RSS at the end of the measured window.</param>
/// <param name="PeakRssMb">Highest RSS seen in the window (sampled twice a second).</param>
/// <param name="BaselineRssMb">Idle mode: RSS before the connections were opened.</param>
/// <param name="RssPerConnectionKb">Idle mode: (RSS at the end − RSS before connecting) / connections.</param>
/// <param name="Error">Why it could not be read, if it could not.</param>
internal sealed record ProcessReport(
    string Role,
    int Pid,
    double? CpuPercent,
    double? CpuSeconds,
    double? CpuUsPerOperation,
    double? StartRssMb,
    double? RssMb,
    double? PeakRssMb,
    double? BaselineRssMb,
    double? RssPerConnectionKb,
    string? Error);
