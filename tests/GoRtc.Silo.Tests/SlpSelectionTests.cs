using GoRtc.Jsip;
using GoRtc.Silo.Slps;
using Xunit;

namespace GoRtc.Silo.Tests;

public sealed class SlpSelectionTests
{
    private static readonly HashSet<string> Loaded = ["default", "chatroom", "relay"];

    private static JsipMessage Invite(string requestUri, params string[] router)
    {
        var invite = JsipMessage.CreateRequest(JsipMethod.Invite, requestUri, "Alex@gortc.com", "Bob@gortc.com", "d1", 1);
        invite.Router = [.. router];
        return invite;
    }

    private static SlpSelection Select(JsipMessage m) => SlpSelection.Select(m, Loaded.Contains);

    [Fact]
    public void Type_parameter_of_first_router_entry_names_the_slp()
    {
        Assert.Equal("relay", Select(Invite("Bob@gortc.com", "gortc.com;type=relay")).SlpName);
    }

    [Fact]
    public void Type_naming_an_unloaded_slp_is_answered_404()
    {
        var selection = Select(Invite("SLP_not_load", "gortc.com;type=test"));
        Assert.Equal(404, selection.ErrorCode);
    }

    [Fact]
    public void Relid_of_first_router_entry_joins_an_instance()
    {
        var selection = Select(Invite("x", "gortc.com;relid=relgortc.com+default-1-abc.1;type=relay"));
        Assert.Equal("relgortc.com+default-1-abc.1", selection.RelId);
        Assert.False(selection.IsError);
    }

    [Fact]
    public void Malformed_first_router_entry_is_answered_400()
    {
        var selection = Select(Invite("x", "a@b@c"));
        Assert.Equal(400, selection.ErrorCode);
        Assert.Contains("Router", selection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_label_of_request_uri_selects_a_loaded_slp()
    {
        Assert.Equal("chatroom", Select(Invite("room:1@chatroom.test.com")).SlpName);
    }

    [Fact]
    public void Host_label_of_router_selects_when_there_is_no_type()
    {
        Assert.Equal("chatroom", Select(Invite("x", "chatroom.example.org")).SlpName);
    }

    [Theory]
    [InlineData("room:test1@gortc.com")]
    [InlineData("Recv_INVITE")]
    [InlineData("room:x")]
    public void Anything_else_goes_to_default(string requestUri)
    {
        Assert.Equal("default", Select(Invite(requestUri)).SlpName);
    }

    [Fact]
    public void Nothing_loaded_is_answered_404()
    {
        var selection = SlpSelection.Select(Invite("Recv_INVITE"), _ => false);
        Assert.Equal(404, selection.ErrorCode);
    }
}
