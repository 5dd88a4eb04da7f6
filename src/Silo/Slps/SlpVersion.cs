using GoRtc.Silo.Plugins;
using GoRtc.SlpSdk;

namespace GoRtc.Silo.Slps;

/// <summary>One loaded version of an SLP on this silo: its code, its shared context and its counters.</summary>
internal sealed class SlpVersion : PluginVersion
{
    public SlpVersion(PluginRecord record, PluginPackage package, Type slpType, IReadOnlyDictionary<string, string> settings,
        DateTimeOffset loadedAt, Action<PluginVersion> onUnused)
        : base(record, package, slpType, settings, loadedAt, onUnused)
    {
        Shared = package.GetShared(SharedTypeOf(slpType));
    }

    public object? Shared { get; }

    /// <summary>
    /// A new instance of the SLP, counted as alive until <see cref="PluginVersion.EndUse"/>; null when this version
    /// has already been unloaded.
    /// </summary>
    public Slp? CreateInstance()
    {
        if (!TryAcquire())
        {
            return null;
        }

        try
        {
            return (Slp)Activator.CreateInstance(PluginType)!;
        }
        catch
        {
            EndUse();
            throw;
        }
    }

    internal static Type? SharedTypeOf(Type slpType)
    {
        for (var t = slpType.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Slp<>))
            {
                return t.GetGenericArguments()[0];
            }
        }

        return null;
    }
}
