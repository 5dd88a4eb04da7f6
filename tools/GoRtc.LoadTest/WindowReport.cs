namespace GoRtc.LoadTest;

/// <summary>
/// One slice of the measured window: its successful operations per second and each role's RSS at its end. A run
/// that stalls, or slows as memory grows, shows it here even when its average looks fine.
/// </summary>
internal sealed record WindowReport(double StartSeconds, double EndSeconds, double OpsPerSecond, double? DeliveredPerSecond,
    IReadOnlyDictionary<string, double> RssMb)
{
    /// <summary>Windows shorter than this share of the longest are not compared (a short tail is noise).</summary>
    private const double FullShare = 0.9;

    /// <summary>The slowest full window's rate over the fastest's; null with fewer than two full windows.</summary>
    public static double? Flatness(IReadOnlyList<WindowReport> windows)
    {
        if (windows.Count < 2)
        {
            return null;
        }

        var longest = windows.Max(w => w.EndSeconds - w.StartSeconds);
        var full = windows.Where(w => w.EndSeconds - w.StartSeconds >= longest * FullShare).ToList();
        if (full.Count < 2)
        {
            return null;
        }

        var fastest = full.Max(w => w.OpsPerSecond);
        return fastest <= 0 ? 0 : Math.Round(full.Min(w => w.OpsPerSecond) / fastest, 3);
    }
}
