namespace GoRtc.Jsip.Stack.Tests.Scripts;

/// <summary>
/// The reference product's stack scripts (test/script of the Go repository, spec §10.3), replayed unchanged
/// against the stack with the test SLP of spec §9 as the application. Each test also checks the server side the
/// script cannot see: what the SLP got, when, and that every dialogue ends.
/// </summary>
public sealed class ReferenceScriptTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromHours(1);

    [Fact]
    public void Script_recv_invite()
    {
        var host = Replay("recv_invite");

        var slp = Assert.Single(host.Instances);
        Assert.True(slp.Finished);
        Assert.Equal(
            ["INVITE", "PRACK", "UPDATE_200", "ACK", "INVITE", "BYE"],
            slp.Received.Select(m => m.Name));
        Assert.Equal(600, slp.Received[0].Expire);
        Assert.All(slp.SendResults, r => Assert.Equal(SendRejection.None, r));
        AssertAllEnded(host);
    }

    [Fact]
    public void Script_recv_invite_timeout()
    {
        var host = Replay("recv_invite_timeout");

        Assert.Equal(TimeSpan.FromSeconds(60), host.Wire.Single(w => w.Message.Code == 408).At);
        var slp = Assert.Single(host.Instances);
        Assert.Equal(["INVITE", "CANCEL"], slp.Received.Select(m => m.Name));
        Assert.True(slp.Finished);
        AssertAllEnded(host);
    }

    [Fact]
    public void Script_recv_invite_session_timeout()
    {
        var host = Replay("recv_invite_session_timeout");

        var bye = host.Wire.Single(w => w.Way == "S>C" && w.Message.Name == "BYE");
        Assert.Equal(TimeSpan.FromSeconds(10), bye.At);
        var slp = Assert.Single(host.Instances);
        Assert.Equal(["INVITE", "ACK", "BYE"], slp.Received.Select(m => m.Name));
        AssertAllEnded(host);
    }

    [Fact]
    public void Script_recv_cancel()
    {
        var host = Replay("recv_cancel");

        var slp = Assert.Single(host.Instances);
        Assert.Equal(["INVITE", "CANCEL"], slp.Received.Select(m => m.Name));
        Assert.Empty(host.ClientInbox);
        Assert.Equal(TimeSpan.Zero, Assert.Single(host.Terms).At);
        AssertAllEnded(host);
    }

    [Fact]
    public void Script_recv_message()
    {
        var host = Replay("recv_message");

        Assert.Equal(["MESSAGE"], Assert.Single(host.Instances).Received.Select(m => m.Name));
        Assert.Empty(host.ClientInbox);
        AssertAllEnded(host);
    }

    [Fact]
    public void Script_recv_message_timeout()
    {
        var host = Replay("recv_message_timeout");

        Assert.Equal(TimeSpan.FromSeconds(5), host.Wire.Single(w => w.Message.Code == 408).At);
        AssertAllEnded(host);
    }

    [Fact]
    public void Script_recv_bye_481()
    {
        var host = Replay("recv_bye_481");

        Assert.Empty(host.Instances);
        Assert.Empty(host.Terms);
        AssertAllEnded(host);
    }

    [Fact]
    public void Script_recv_ack_no_session()
    {
        var host = Replay("recv_ack_no_session");

        Assert.Empty(host.Instances);
        Assert.Empty(host.ClientInbox);
        AssertAllEnded(host);
    }

    [Fact]
    public void Script_slp_not_find()
    {
        var host = Replay("slp_not_find");

        // The 404 goes through the session layer (ERROR), whose wait for the ACK swallows it.
        var slp = Assert.Single(host.Instances);
        Assert.Equal(["INVITE"], slp.Received.Select(m => m.Name));
        Assert.Empty(host.ClientInbox);
        Assert.Equal(TimeSpan.Zero, Assert.Single(host.Terms).At);
        AssertAllEnded(host);
    }

    [Fact]
    public void Script_send_error_msg()
    {
        var host = Replay("send_error_msg");

        var (_, message, rejection, detail) = Assert.Single(host.Rejections);
        Assert.Equal(JsipMethod.Invite, message.Method);
        Assert.Equal(SendRejection.Invalid, rejection);
        Assert.Equal("no Request-URI", detail);
        Assert.Empty(host.ClientInbox);
        AssertAllEnded(host);
    }

    [Theory]
    [InlineData("send_bye_481", JsipMethod.Bye)]
    [InlineData("send_ack_no_session", JsipMethod.Ack)]
    [InlineData("send_cancel_no_session", JsipMethod.Cancel)]
    public void Script_send_without_session_is_refused_NoSession(string script, JsipMethod method)
    {
        var host = Replay(script);

        var (_, message, rejection, _) = Assert.Single(host.Rejections);
        Assert.Equal((method, SendRejection.NoSession), (message.Method, rejection));
        Assert.Empty(host.ClientInbox);
        AssertAllEnded(host);
    }

    [Fact]
    public void Script_send_resp_no_session()
    {
        var host = Replay("send_resp_no_session");

        Assert.Equal(SendRejection.NoTransaction, Assert.Single(host.Rejections).Rejection);
        Assert.Empty(host.ClientInbox);
        AssertAllEnded(host);
    }

    [Fact]
    public void Script_send_update_no_session()
    {
        var host = Replay("send_update_no_session");

        var slp = Assert.Single(host.Instances);
        Assert.Equal(["OPTIONS", "UPDATE_481"], slp.Received.Select(m => m.Name));
        Assert.True(slp.Finished);
        Assert.Empty(host.Rejections);
        Assert.Empty(host.ClientInbox);
        AssertAllEnded(host);
    }

    [Fact]
    public void Script_send_message()
    {
        var host = Replay("send_message");

        var slp = Assert.Single(host.Instances);
        Assert.Equal(["OPTIONS", "MESSAGE_200"], slp.Received.Select(m => m.Name));
        Assert.True(slp.Finished);
        AssertAllEnded(host);
    }

    [Fact]
    public void Script_send_message_timeout()
    {
        var host = Replay("send_message_timeout");

        var slp = Assert.Single(host.Instances);
        Assert.Equal(["OPTIONS", "MESSAGE_408"], slp.Received.Select(m => m.Name));
        Assert.True(slp.Finished);
        AssertAllEnded(host);
        Assert.Contains(host.Terms, t => t.At == TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Script_send_invite()
    {
        var host = Replay("send_invite");

        var slp = Assert.Single(host.Instances);
        Assert.Equal(
            ["OPTIONS", "INVITE_180", "PRACK_200", "UPDATE", "INVITE_200", "INVITE", "ACK"],
            slp.Received.Select(m => m.Name));
        Assert.True(slp.Finished);
        Assert.Empty(host.Rejections);
        var invite = host.Wire.First(w => w.Way == "S>C" && w.Message.Name == "INVITE").Message;
        Assert.Equal(60, invite.Expire);

        // The refresh UPDATE comes T/3 = 20 s after the answer, the SLP's BYE 30 s after the peer's ACK.
        var update = host.Wire.Single(w => w.Way == "S>C" && w.Message.Name == "UPDATE");
        Assert.Equal(TimeSpan.FromSeconds(20), update.At);
        Assert.Equal(60, update.Message.Expire);
        Assert.Equal(TimeSpan.FromSeconds(30), host.Wire.Single(w => w.Way == "S>C" && w.Message.Name == "BYE").At);
        AssertAllEnded(host);
    }

    [Fact]
    public void Script_send_invite_timeout()
    {
        var host = Replay("send_invite_timeout");

        var slp = Assert.Single(host.Instances);
        Assert.Equal(["OPTIONS", "INVITE_180", "INVITE_408"], slp.Received.Select(m => m.Name));
        Assert.True(slp.Finished);

        // Fix: the peer is told too; the reference left its INVITE hanging.
        var (at, _, cancel) = host.Wire.Single(w => w.Way == "S>C" && w.Message.Name == "CANCEL");
        Assert.Equal(TimeSpan.FromSeconds(60), at);
        Assert.Equal(600, host.Wire.First(w => w.Message.Name == "INVITE").Message.Expire);
        Assert.Equal(cancel, Assert.Single(host.ClientInbox));
        AssertAllEnded(host);
    }

    [Fact]
    public void Script_send_invite_session_timeout()
    {
        var host = Replay("send_invite_session_timeout");

        var slp = Assert.Single(host.Instances);
        Assert.Equal(["OPTIONS", "INVITE_180", "INVITE_200", "BYE"], slp.Received.Select(m => m.Name));
        Assert.True(slp.Finished);
        var sent = host.Wire.Where(w => w.Way == "S>C" && w.Message.IsRequest && w.Message.Method is JsipMethod.Update or JsipMethod.Bye);
        Assert.Equal([20.0, 40, 60, 80], sent.Select(w => w.At.TotalSeconds));
        AssertAllEnded(host);
    }

    [Fact]
    public void Script_send_cancel()
    {
        var host = Replay("send_cancel");

        var slp = Assert.Single(host.Instances);
        Assert.Equal(["OPTIONS", "INVITE_487"], slp.Received.Select(m => m.Name));
        Assert.True(slp.Finished);
        Assert.Empty(host.Rejections);
        var ack = host.Wire.Single(w => w.Way == "S>C" && w.Message.Name == "ACK").Message;
        Assert.Equal(host.Wire.First(w => w.Message.Name == "INVITE").Message.CSeq, ack.RelatedId);
        AssertAllEnded(host);
    }

    private static ScriptHost Replay(string script)
    {
        var host = new ScriptHost();
        RtestScript.Run(script, host);
        host.RunToQuiet(Quiet);
        return host;
    }

    /// <summary>After the script and every timer, no dialogue is left with a transaction or a session.</summary>
    private static void AssertAllEnded(ScriptHost host)
    {
        Assert.All(host.Dialogues, d => Assert.True(d.Value.IsIdle, $"dialogue {d.Key} still has {d.Value.TransactionCount} transactions, session {d.Value.SessionState}"));
        Assert.All(host.Dialogues, d => Assert.Null(d.Value.NextDeadline));
    }
}
