using System.Globalization;

namespace GoRtc.LoadTest;

/// <summary>A server process to sample, and the role it plays in the cluster (e.g. <c>gateway</c>, <c>silo</c>).</summary>
internal sealed record ProcessTarget(string Role, int Pid)
{
    /// <summary>Parses <c>ROLE=PID</c> or a bare <c>PID</c> (whose role is then <c>pid PID</c>).</summary>
    public static ProcessTarget Parse(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        var role = eq < 0 ? null : text[..eq].Trim();
        var number = eq < 0 ? text : text[(eq + 1)..];
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 0)
        {
            throw new FormatException($"--pid {text}: expected a process id or ROLE=PID, e.g. gateway=1234");
        }

        if (role is { Length: 0 })
        {
            throw new FormatException($"--pid {text}: the role before '=' is empty");
        }

        return new ProcessTarget(role ?? $"pid {pid}", pid);
    }
}
