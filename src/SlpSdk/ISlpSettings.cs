using System.Globalization;

namespace GoRtc.SlpSdk;

/// <summary>Key/value settings of one SLP.</summary>
public interface ISlpSettings
{
    /// <summary>The raw value, or null.</summary>
    string? this[string key] { get; }

    /// <summary>An integer setting, or <paramref name="defaultValue"/> when absent or unparsable.</summary>
    int GetInt32(string key, int defaultValue) =>
        int.TryParse(this[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : defaultValue;

    /// <summary>A duration setting (<c>hh:mm:ss</c>, or a number of seconds), or <paramref name="defaultValue"/>.</summary>
    TimeSpan GetTimeSpan(string key, TimeSpan defaultValue)
    {
        var raw = this[key];
        if (raw is null)
        {
            return defaultValue;
        }

        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return TimeSpan.TryParse(raw, CultureInfo.InvariantCulture, out var span) ? span : defaultValue;
    }
}
