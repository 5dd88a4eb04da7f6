using Orleans.Concurrency;

namespace GoRtc.Grains.State;

/// <summary>
/// One entry of a plugin's cluster state (key <c>&lt;plugin assembly&gt;/&lt;entry key&gt;</c>), persisted, so it
/// survives the silo that hosted it. Its calls are the only way to change it, one at a time: compare-and-set needs
/// no lock.
/// </summary>
public interface IPluginStateGrain : IGrainWithStringKey
{
    /// <summary>The entry as it stands (absent once expired).</summary>
    [ReadOnly]
    Task<PluginStateRecord> Read();

    /// <summary>Stores (or, with a null value, deletes) the entry if its version is still <paramref name="expectedVersion"/>.</summary>
    Task<bool> Write(long expectedVersion, byte[]? value, DateTimeOffset? expiresAt);
}
