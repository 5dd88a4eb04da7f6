using GoRtc.Silo.Slps;
using Xunit;

namespace GoRtc.Silo.Tests;

public sealed class SlpInstanceIdTests
{
    [Fact]
    public void Instance_id_names_slp_and_version()
    {
        var id = SlpInstanceId.Create("chatroom", 7);
        Assert.True(SlpInstanceId.TryParse(id, out var name, out var version));
        Assert.Equal("chatroom", name);
        Assert.Equal(7, version);
    }

    [Fact]
    public void Relid_leads_back_to_its_instance()
    {
        var id = SlpInstanceId.Create("default", 1);
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
