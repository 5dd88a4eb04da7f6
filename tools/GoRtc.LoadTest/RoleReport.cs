namespace GoRtc.LoadTest;

/// <summary>
/// The processes of one role summed (CPU %, CPU µs per operation, RSS): e.g. both gateways of a cluster. A sum is
/// null when any of its processes could not be read.
/// </summary>
internal sealed record RoleReport(
    string Role,
    int Processes,
    double? CpuPercent,
    double? CpuUsPerOperation,
    double? RssMb,
    double? BaselineRssMb,
    double? RssPerConnectionKb)
{
    /// <summary>Groups <paramref name="processes"/> by role, in the order each role first appears.</summary>
    public static IReadOnlyList<RoleReport> Summarize(IReadOnlyList<ProcessReport> processes)
    {
        var roles = new List<RoleReport>();
        foreach (var group in processes.GroupBy(p => p.Role, StringComparer.Ordinal))
        {
            var members = group.ToList();
            roles.Add(new RoleReport(
                group.Key,
                members.Count,
                Sum(members, p => p.CpuPercent, 1),
                Sum(members, p => p.CpuUsPerOperation, 1),
                Sum(members, p => p.RssMb, 1),
                Sum(members, p => p.BaselineRssMb, 1),
                Sum(members, p => p.RssPerConnectionKb, 2)));
        }

        return roles;
    }

    private static double? Sum(List<ProcessReport> members, Func<ProcessReport, double?> value, int digits)
    {
        double total = 0;
        foreach (var member in members)
        {
            if (value(member) is not { } v)
            {
                return null;
            }

            total += v;
        }

        return Math.Round(total, digits);
    }
}
