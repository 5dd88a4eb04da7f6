using GoRtc.Silo.Plugins;
using GoRtc.SlpSdk;

namespace GoRtc.Silo.Apis;

/// <summary>One loaded version of an API plugin on this silo. A request gets a fresh instance, as in the reference.</summary>
internal sealed class ApiVersion : PluginVersion
{
    public ApiVersion(PluginRecord record, PluginPackage package, Type apiType, IReadOnlyDictionary<string, string> settings,
        DateTimeOffset loadedAt, Action<PluginVersion> onUnused)
        : base(record, package, apiType, settings, loadedAt, onUnused)
    {
    }

    /// <summary>An instance for one request, counted as in use until <see cref="PluginVersion.EndUse"/>; null once unloaded.</summary>
    public Api? CreateInstance()
    {
        if (!TryAcquire())
        {
            return null;
        }

        try
        {
            var api = (Api)Activator.CreateInstance(PluginType)!;
            api.AttachShared(Package.GetShared(api.SharedType));
            return api;
        }
        catch
        {
            EndUse();
            throw;
        }
    }
}
