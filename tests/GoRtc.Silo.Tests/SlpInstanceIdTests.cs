using GoRtc.Silo.Slps;
using Xunit;

namespace GoRtc.Silo.Tests;

public sealed class SlpInstanceIdTests
{
    [Fact]
    public void Instance_id_names_slp_version_and_host_shard()
    {
        var id = SlpInstanceId.Create("chatroom", 7, 42);
        Assert.True(SlpInstanceId.TryParse(id, out var name, out var version, out var shard));
        Assert.Equal("chatroom", name);
        Assert.Equal(7, version);
        Assert.Equal(42, shard);
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
        var id = SlpInstanceId.Create("default", 1, 255);
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
