using GoRtc.SlpSdk;

namespace GoRtc.Silo.Slps;

internal sealed class SlpSettings : ISlpSettings
{
    private readonly IReadOnlyDictionary<string, string> _values;

    public SlpSettings(IReadOnlyDictionary<string, string> values) => _values = values;

    public string? this[string key] => _values.TryGetValue(key, out var v) ? v : null;
}
