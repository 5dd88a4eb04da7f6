using GoRtc.Silo.Slps;
using Xunit;

namespace GoRtc.Silo.Tests;

public sealed class SlpInstanceIdTests
{
    [Fact]
    public void Instance_id_names_slp_version_and_host_shard()
    {
        var id = SlpInstanceId.Create("chatroom", 7, 42, new IdEntropy());
        Assert.True(SlpInstanceId.TryParse(id, out var name, out var version, out var shard));
        Assert.Equal("chatroom", name);
        Assert.Equal(7, version);
        Assert.Equal(42, shard);
    }

    [Fact]
    public void Instance_ids_carry_128_fresh_random_bits_each_across_refills_of_the_entropy_block()
    {
        var entropy = new IdEntropy();
        var ids = Enumerable.Range(0, 500).Select(_ => SlpInstanceId.Create("probe", 1, 7, entropy)).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches("^probe-1-007[0-9a-f]{32}$", id));
        Assert.All(ids, id => Assert.True(SlpInstanceId.TryParse(id, out _, out _, out _)));
    }

    [Theory]
    [InlineData("chatroom-7-0f8fad5bd9cb469fa16570867728950e")] // no shard
    [InlineData("chatroom-7-9990f8fad5bd9cb469fa16570867728950e")] // no such shard
    [InlineData("chatroom-x-0010f8fad5bd9cb469fa16570867728950e")]
    public void Malformed_instance_ids_are_refused(string id)
    {
        Assert.False(SlpInstanceId.TryParse(id, out _, out _, out _));
    }

    [Fact]
    public void Relid_leads_back_to_its_instance()
    {
        var id = SlpInstanceId.Create("default", 1, 255, new IdEntropy());
        var relId = SlpInstanceId.CreateRelId("gortc.com", id, 3);
        Assert.StartsWith("relgortc.com+", relId, StringComparison.Ordinal);
        Assert.True(SlpInstanceId.TryGetInstanceOfRelId(relId, out var owner));
        Assert.Equal(id, owner);
    }

    [Theory]
    [InlineData("")]
    [InlineData("rel")]
    [InlineData("relgortc.com+nonsense.1")]
    [InlineData("dlg_gortc.com_abc")]
    public void Foreign_relids_are_refused(string relId)
    {
        Assert.False(SlpInstanceId.TryGetInstanceOfRelId(relId, out _));
    }
}
