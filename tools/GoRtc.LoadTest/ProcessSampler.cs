using System.Globalization;

namespace GoRtc.LoadTest;

/// <summary>
/// CPU and RSS of another process from <c>/proc/&lt;pid&gt;/stat</c> (utime+stime, in USER_HZ = 100 ticks/s on
/// Linux) and <c>/proc/&lt;pid&gt;/status</c> (VmRSS). CPU % is over the measured window, ×100 per core.
/// </summary>
internal sealed class ProcessSampler
{
    private const double TicksPerSecond = 100; // USER_HZ: fixed at 100 in the /proc ABI on Linux.

    private long _startTicks = -1;
    private long _endTicks = -1;
    private long _startTimestamp;
    private long _endTimestamp;

    public ProcessSampler(ProcessTarget target)
    {
        Role = target.Role;
        Pid = target.Pid;
    }

    public string Role { get; }

    public int Pid { get; }

    /// <summary>RSS before the connections were opened (idle mode), or -1.</summary>
    public long BaselineRssBytes { get; private set; } = -1;

    /// <summary>RSS at the start of the measured window, or -1.</summary>
    public long StartRssBytes { get; private set; } = -1;

    /// <summary>CPU seconds (user + system) used over the measured window, or -1 when it could not be read.</summary>
    public double CpuSeconds => _startTicks < 0 || _endTicks < 0 ? -1 : (_endTicks - _startTicks) / TicksPerSecond;

    /// <summary>Reads RSS before anything is connected (idle mode's reference point).</summary>
    public void Baseline() => BaselineRssBytes = ReadRssBytes();

    /// <summary>The current RSS (a window boundary), or -1.</summary>
    public long CurrentRssBytes()
    {
        var rss = ReadRssBytes();
        if (rss > PeakRssBytes)
        {
            PeakRssBytes = rss;
        }

        return rss;
    }

    public string? Error { get; private set; }

    public long PeakRssBytes { get; private set; } = -1;

    public long EndRssBytes { get; private set; } = -1;

    public void Start()
    {
        _startTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        _startTicks = ReadCpuTicks();
        StartRssBytes = CurrentRssBytes();
    }

    /// <summary>Takes an RSS sample (peak over the window).</summary>
    public void Sample() => CurrentRssBytes();

    public void Stop()
    {
        _endTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        _endTicks = ReadCpuTicks();
        EndRssBytes = ReadRssBytes();
        if (EndRssBytes > PeakRssBytes)
        {
            PeakRssBytes = EndRssBytes;
        }
    }

    /// <summary>CPU % over the window (100 = one core), or -1 when it could not be read.</summary>
    public double CpuPercent
    {
        get
        {
            if (_startTicks < 0 || _endTicks < 0)
            {
                return -1;
            }

            var wall = System.Diagnostics.Stopwatch.GetElapsedTime(_startTimestamp, _endTimestamp).TotalSeconds;
            return wall <= 0 ? -1 : (_endTicks - _startTicks) / TicksPerSecond / wall * 100.0;
        }
    }

    private long ReadCpuTicks()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{Pid}/stat");
            // pid (comm) state ppid … : comm may contain spaces and parentheses, so split after the last ')'.
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            // fields[0] is field 3 (state); utime is field 14, stime field 15.
            var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return utime + stime;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            Error ??= $"/proc/{Pid}/stat: {ex.Message}";
            return -1;
        }
    }

    private long ReadRssBytes()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            Error ??= $"/proc/{Pid}/status: {ex.Message}";
        }

        return -1;
    }
}
