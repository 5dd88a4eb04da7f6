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

    public ProcessSampler(int pid) => Pid = pid;

    public int Pid { get; }

    public string? Error { get; private set; }

    public long PeakRssBytes { get; private set; } = -1;

    public long EndRssBytes { get; private set; } = -1;

    public void Start()
    {
        _startTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        _startTicks = ReadCpuTicks();
        Sample();
    }

    /// <summary>Takes an RSS sample (peak over the window).</summary>
    public void Sample()
    {
        var rss = ReadRssBytes();
        if (rss > PeakRssBytes)
        {
            PeakRssBytes = rss;
        }
    }

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
