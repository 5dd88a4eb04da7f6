using System.ComponentModel.DataAnnotations;

namespace GoRtc.Silo.State;

/// <summary>Limits of the plugins' cluster state (section <c>PluginState</c>).</summary>
public sealed class PluginStateOptions
{
    public const string SectionName = "PluginState";

    /// <summary>Longest entry key, in characters: keys name grains and index entries.</summary>
    [Range(1, 4096)]
    public int MaxKeyLength { get; set; } = 256;

    /// <summary>Largest serialised value of one entry: each write stores the whole value.</summary>
    [Range(16, 64 * 1024 * 1024)]
    public int MaxValueBytes { get; set; } = 1024 * 1024;

    /// <summary>How often an active index drops expired keys (and has their entries removed from storage).</summary>
    public TimeSpan IndexPrunePeriod { get; set; } = TimeSpan.FromMinutes(1);
}
