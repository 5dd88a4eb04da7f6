namespace GoRtc.Grains;

/// <summary>
/// Which <see cref="IDialogueShardGrain"/> hosts a DialogueID. Gateways and silos must agree on it for every id, so
/// the count is a constant and the hash is stable across processes (<see cref="string.GetHashCode()"/> is not).
/// </summary>
/// <remarks>
/// A dialogue per activation cost an activation, a directory entry and a deactivation for every MESSAGE — most of a
/// node's CPU. A fixed set of long-lived shards hosts them all instead. The count is a balance: enough shards that
/// every core of every silo has dialogues to run, few enough that each stays busy and cheap to inspect.
/// </remarks>
public static class DialogueShards
{
    /// <summary>How many shards there are. Changing it moves dialogues between shards: all processes must change together.</summary>
    public const int Count = 256;

    /// <summary>The shard of <paramref name="dialogueId"/>: FNV-1a over its UTF-16 code units.</summary>
    public static int Of(string dialogueId)
    {
        ArgumentNullException.ThrowIfNull(dialogueId);
        var hash = 2166136261u;
        foreach (var c in dialogueId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        // Fold the high bits in: FNV's low bits alone spread short, similar ids less evenly.
        return (int)((hash ^ (hash >> 16)) % Count);
    }

    /// <summary>The grain key of shard <paramref name="shard"/>.</summary>
    public static string Key(int shard) => ShardKeys[shard];

    private static readonly string[] ShardKeys = [.. Enumerable.Range(0, Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
