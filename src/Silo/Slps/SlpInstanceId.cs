using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace GoRtc.Silo.Slps;

/// <summary>
/// Ids of SLP instances and relids. An instance id names the SLP and version it runs and the dialogue shard that hosts
/// it (<c>&lt;name&gt;-&lt;version&gt;-&lt;shard, 3 digits&gt;&lt;128 random bits, hex&gt;</c>), so any silo can reach it; a relid
/// embeds its instance id (<c>rel&lt;realm&gt;+&lt;instance id&gt;.&lt;n&gt;</c>, the reference's
/// <c>rel&lt;realm&gt;+…</c> shape), so finding the owner of a relid needs no directory.
/// </summary>
internal static class SlpInstanceId
{
    private const int RandomBytes = 16;
    private const int RandomLength = 2 * RandomBytes;

    public static string Create(string slpName, int version, int shard, IdEntropy entropy)
    {
        Span<byte> random = stackalloc byte[RandomBytes];
        entropy.Fill(random);
        return string.Create(CultureInfo.InvariantCulture, $"{slpName}-{version}-{shard:D3}{Convert.ToHexStringLower(random)}");
    }

    public static bool TryParse(string instanceId, [NotNullWhen(true)] out string? slpName, out int version) =>
        TryParse(instanceId, out slpName, out version, out _);

    public static bool TryParse(string instanceId, [NotNullWhen(true)] out string? slpName, out int version, out int shard)
    {
        slpName = null;
        version = 0;
        shard = 0;
        var parts = instanceId.Split('-');
        if (parts.Length != 3 || parts[0].Length == 0 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out version)
            || parts[2].Length != 3 + RandomLength
            || !int.TryParse(parts[2].AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out shard)
            || shard >= GoRtc.Grains.DialogueShards.Count)
        {
            return false;
        }

        slpName = parts[0];
        return true;
    }

    public static string CreateRelId(string realm, string instanceId, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"rel{realm}+{instanceId}.{sequence}");

    public static bool TryGetInstanceOfRelId(string relId, [NotNullWhen(true)] out string? instanceId)
    {
        instanceId = null;
        var plus = relId.IndexOf('+', StringComparison.Ordinal);
        var dot = relId.LastIndexOf('.');
        if (!relId.StartsWith("rel", StringComparison.Ordinal) || plus < 0 || dot <= plus + 1)
        {
            return false;
        }

        instanceId = relId[(plus + 1)..dot];
        return TryParse(instanceId, out _, out _);
    }
}
