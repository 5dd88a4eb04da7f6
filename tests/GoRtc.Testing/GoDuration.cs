using System.Globalization;
using System.Text;

namespace GoRtc.Testing;

/// <summary>
/// Go <c>time.ParseDuration</c> syntax, as used by the <c>timeout</c> field of reference rtest scripts:
/// an optional sign, then one or more decimal numbers each with a unit (<c>ns</c>, <c>us</c>, <c>µs</c>, <c>ms</c>,
/// <c>s</c>, <c>m</c>, <c>h</c>), e.g. <c>"1s"</c>, <c>"500ms"</c>, <c>"1m30s"</c>, <c>"1.5h"</c>; <c>"0"</c> alone is allowed.
/// Precision is that of <see cref="TimeSpan"/> (100 ns); finer parts are truncated.
/// </summary>
public static class GoDuration
{
    /// <summary>Parses a Go duration string.</summary>
    /// <exception cref="FormatException">The text is not a valid Go duration.</exception>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var value, out var error)
            ? value
            : throw new FormatException($"Invalid Go duration \"{text}\": {error}. Expected e.g. \"1s\", \"500ms\", \"1m30s\", \"2h\".");
    }

    /// <summary>Parses a Go duration string; <paramref name="error"/> says why when it returns false.</summary>
    public static bool TryParse(string text, out TimeSpan value, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = TimeSpan.Zero;
        error = string.Empty;
        var s = text.AsSpan();
        var negative = false;
        if (!s.IsEmpty && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            error = "empty duration";
            return false;
        }

        decimal totalNanoseconds = 0;
        try
        {
            while (!s.IsEmpty)
            {
                if (!(s[0] == '.' || char.IsAsciiDigit(s[0])))
                {
                    error = $"expected a number at \"{s}\"";
                    return false;
                }

                var intLength = CountDigits(s);
                var intPart = s[..intLength];
                s = s[intLength..];
                var fracPart = ReadOnlySpan<char>.Empty;
                var hasDot = false;
                if (!s.IsEmpty && s[0] == '.')
                {
                    hasDot = true;
                    s = s[1..];
                    var fracLength = CountDigits(s);
                    fracPart = s[..fracLength];
                    s = s[fracLength..];
                }

                if (intPart.IsEmpty && fracPart.IsEmpty)
                {
                    error = "a number needs at least one digit";
                    return false;
                }

                var unitLength = 0;
                while (unitLength < s.Length && s[unitLength] != '.' && !char.IsAsciiDigit(s[unitLength]))
                {
                    unitLength++;
                }

                if (unitLength == 0)
                {
                    error = "missing unit (ns, us, ms, s, m, h)";
                    return false;
                }

                var unit = s[..unitLength];
                s = s[unitLength..];
                decimal? unitNanoseconds = unit switch
                {
                    "ns" => 1m,
                    "us" or "µs" or "μs" => 1_000m,
                    "ms" => 1_000_000m,
                    "s" => 1_000_000_000m,
                    "m" => 60m * 1_000_000_000m,
                    "h" => 3600m * 1_000_000_000m,
                    _ => null,
                };
                if (unitNanoseconds is null)
                {
                    error = $"unknown unit \"{unit}\" (ns, us, ms, s, m, h)";
                    return false;
                }

                var numberText = string.Concat(intPart.IsEmpty ? "0" : intPart, hasDot && !fracPart.IsEmpty ? "." : string.Empty, fracPart);
                var number = decimal.Parse(numberText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                totalNanoseconds += number * unitNanoseconds.Value;
            }
        }
        catch (OverflowException)
        {
            error = "out of range";
            return false;
        }

        // Go keeps durations as int64 nanoseconds.
        if (totalNanoseconds > long.MaxValue)
        {
            error = "out of range";
            return false;
        }

        var ticks = (long)decimal.Truncate(totalNanoseconds / 100m);
        value = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }

    /// <summary>Formats a duration the way Go prints one: <c>"500ms"</c>, <c>"1s"</c>, <c>"1m30s"</c>, <c>"24h0m0s"</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            builder.Append('-');
            value = value == TimeSpan.MinValue ? TimeSpan.MaxValue : value.Negate();
        }

        if (value < TimeSpan.FromSeconds(1))
        {
            var nanoseconds = value.Ticks * 100m;
            var (amount, unit) = nanoseconds switch
            {
                < 1_000m => (nanoseconds, "ns"),
                < 1_000_000m => (nanoseconds / 1_000m, "µs"),
                _ => (nanoseconds / 1_000_000m, "ms"),
            };
            return builder.Append(amount.ToString("0.#######", CultureInfo.InvariantCulture)).Append(unit).ToString();
        }

        var hours = (long)value.TotalHours;
        if (hours > 0)
        {
            builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || value.Minutes > 0)
        {
            builder.Append(value.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        var seconds = value.Seconds + (value.Ticks % TimeSpan.TicksPerSecond / (decimal)TimeSpan.TicksPerSecond);
        return builder.Append(seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('s').ToString();
    }

    private static int CountDigits(ReadOnlySpan<char> s)
    {
        var count = 0;
        while (count < s.Length && char.IsAsciiDigit(s[count]))
        {
            count++;
        }

        return count;
    }
}
