using GoRtc.Grains;
using Xunit;

namespace GoRtc.Silo.Tests;

public sealed class DialogueShardsTests
{
    [Fact]
    public void Shard_of_an_id_is_the_same_in_every_process()
    {
        // Pinned: a gateway and a silo of different builds must agree, so the function may never change silently.
        Assert.Equal(87, DialogueShards.Of("abcdefgh"));
        Assert.Equal(211, DialogueShards.Of("dlg_gortc.com_0f8fad5bd9cb469fa16570867728950e"));
    }

    [Fact]
    public void Ids_spread_over_all_shards()
    {
        var counts = new int[DialogueShards.Count];
        const int ids = 100_000;
        for (var i = 0; i < ids; i++)
        {
            counts[DialogueShards.Of($"p{i % 100}-{i}")]++;
        }

        // Uniform would be 390 each; allow the spread of a fair hash, not a skewed one.
        Assert.All(counts, c => Assert.InRange(c, 250, 550));
    }

    [Fact]
    public void Shard_keys_are_the_shard_numbers()
    {
        Assert.Equal("0", DialogueShards.Key(0));
        Assert.Equal("255", DialogueShards.Key(DialogueShards.Count - 1));
    }
}
