using Orleans.Concurrency;

namespace GoRtc.Grains.State;

/// <summary>
/// The keys of one plugin's cluster state (key: the plugin assembly's name) with their expiry, so a plugin can list
/// its entries (the chatroom's rooms) without scanning storage. Kept by the entries' grains as they change.
/// </summary>
public interface IPluginStateIndexGrain : IGrainWithStringKey
{
    /// <summary>The entry <paramref name="key"/> exists until <paramref name="expiresAt"/> (null: no expiry).</summary>
    Task Track(string key, DateTimeOffset? expiresAt);

    /// <summary>The entry <paramref name="key"/> no longer exists.</summary>
    Task Untrack(string key);

    /// <summary>The live keys starting with <paramref name="prefix"/>, in ordinal order.</summary>
    [ReadOnly]
    Task<string[]> List(string prefix);
}
