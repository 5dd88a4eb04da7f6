using GoRtc.EndToEnd.Tests.Fixtures;
using GoRtc.Testing;
using Xunit;
using Xunit.Abstractions;

namespace GoRtc.EndToEnd.Tests;

/// <summary>
/// What an SLP sends to a dialogue's peer reaches the peer in the order it was sent, on a cluster, where the shard
/// hosting the dialogue and the peer's user grain can be on different silos.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PeerOrderTests
{
    private const int Callers = 24;
    private const int CallsEach = 6;
    private readonly TwoByTwoCluster _cluster;
    private readonly ITestOutputHelper _output;

    public PeerOrderTests(TwoByTwoCluster cluster, ITestOutputHelper output)
    {
        _cluster = cluster;
        _output = output;
    }

    /// <summary>
    /// The reference script <c>recv_invite</c> answers the caller's PRACK and at once sends it an UPDATE: the script
    /// expects the 200 first; <c>send_cancel</c> answers an OPTIONS, then sends an INVITE and its CANCEL on a new
    /// dialogue (another shard, maybe another silo). Many callers at a time on both gateways keep the silos' push queues busy, the condition
    /// under which a request sent through the peer's user grain on the other silo used to overtake an answer pushed
    /// from the dialogue's own silo.
    /// </summary>
    [Theory]
    [InlineData("recv_invite")]
    [InlineData("send_cancel")]
    public async Task Answer_and_request_sent_to_the_peer_one_after_the_other_arrive_in_that_order(string script)
    {
        await RuntimeProbe.WaitQuietAsync(_cluster, TimeSpan.FromSeconds(20));
        var template = await File.ReadAllTextAsync(RepoPaths.ReferenceScript($"stack/{script}.json"));
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();

        await Task.WhenAll(Enumerable.Range(0, Callers).Select(async caller =>
        {
            var user = $"Alex-{Guid.NewGuid():N}@gortc.com";
            await using var client = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[caller % _cluster.RtcEndpoints.Count], user);
            for (var call = 0; call < CallsEach; call++)
            {
                var json = template.Replace("Alex@gortc.com", user, StringComparison.Ordinal)
                    .Replace("abcdefgh", $"order-{Guid.NewGuid():N}", StringComparison.Ordinal);
                var result = await new JsipScriptRunner().RunAsync(JsipScript.Parse(json, script), client);
                if (!result.Passed)
                {
                    failures.Add(result.ToString());
                    return;
                }
            }
        }));

        foreach (var failure in failures)
        {
            _output.WriteLine(failure);
        }

        Assert.True(failures.IsEmpty, $"{failures.Count} of {Callers} callers saw their messages out of order; first:\n{failures.FirstOrDefault()}");
        await RuntimeProbe.WaitQuietAsync(_cluster, TimeSpan.FromSeconds(20));
    }
}
