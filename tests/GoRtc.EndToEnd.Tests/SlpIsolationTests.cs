using GoRtc.EndToEnd.Tests.Fixtures;
using GoRtc.Testing;
using Xunit;
using static GoRtc.EndToEnd.Tests.Fixtures.JsipClientExtensions;

namespace GoRtc.EndToEnd.Tests;

/// <summary>Protocol decision 6: an exception in SLP code fails only that instance.</summary>
[Collection(AllInOneCollection.Name)]
public sealed class SlpIsolationTests
{
    private readonly AllInOneNode _node;

    public SlpIsolationTests(AllInOneNode node) => _node = node;

    [Fact]
    public async Task Slp_exception_answers_its_pending_requests_500_and_the_node_carries_on()
    {
        var user = $"Iso-{Guid.NewGuid():N}@gortc.com";
        var dialogue = $"iso-{Guid.NewGuid():N}";
        await using var client = await JsipTestClient.ConnectAsync(_node.RtcEndpoints[0], user);
        await client.SendAsync(Request("INVITE", "Recv_INVITE", user, "Bob@gortc.com", dialogue, 1));
        await client.ExpectAsync("RESPONSE", 180);

        // The conformance SLP expects a PRACK next; an INFO is out of its script, so its code throws.
        await client.SendAsync(Request("INFO", "INFO", user, "Bob@gortc.com", dialogue, 2));
        var first = await client.ExpectAsync("RESPONSE", 500);
        var second = await client.ExpectAsync("RESPONSE", 500);
        Assert.Equal([1, 2], new[] { first.GetProperty("CSeq").GetInt32(), second.GetProperty("CSeq").GetInt32() }.Order());
        Assert.Equal("Service failed", first.GetProperty("Reason").GetString());
        await client.SendAsync(Request("ACK", "ACK", user, "Bob@gortc.com", dialogue, 3));

        await client.SendAsync(Request("MESSAGE", "Recv_MESSAGE", user, "Bob@gortc.com", $"after-{dialogue}", 1));
        await client.ExpectAsync("RESPONSE", 200);
        // Named with its SLP and version (the version number depends on how many plugins the node's store seeded).
        Assert.Contains(_node.Process.OutputLines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"SLP default version \d+ instance \S+ threw"));
        await RuntimeProbe.WaitQuietAsync(_node, TimeSpan.FromSeconds(20));
    }
}
