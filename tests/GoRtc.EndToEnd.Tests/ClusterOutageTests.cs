using GoRtc.EndToEnd.Tests.Fixtures;
using GoRtc.Testing;
using Xunit;
using static GoRtc.EndToEnd.Tests.Fixtures.JsipClientExtensions;

namespace GoRtc.EndToEnd.Tests;

/// <summary>
/// A gateway whose cluster cannot take a message retries it, then answers the request itself: 503 with a Reason, never
/// silence and never a socket torn down. A cluster of its own, since the test takes every silo down.
/// </summary>
public sealed class ClusterOutageTests
{
    private const string Probe = "gortc.com;type=probe";

    [Fact]
    public async Task Request_the_cluster_cannot_take_is_answered_503_with_a_reason_after_the_gateway_retried()
    {
        var cluster = new TwoByTwoCluster(new Dictionary<string, string?>
        {
            ["Rtc__DispatchRetries"] = "2",
            ["Rtc__DispatchRetryDelay"] = "00:00:00.1",
            ["Cluster__ResponseTimeout"] = "00:00:02",
        });
        await cluster.InitializeAsync();
        try
        {
            var user = $"Alex-{Guid.NewGuid():N}@gortc.com";
            await using var client = await JsipTestClient.ConnectAsync(cluster.RtcEndpoints[0], user);
            await client.SendAsync(Request("MESSAGE", "probe", user, "probe", $"up-{Guid.NewGuid():N}", 1, Probe, "x"));
            await client.ExpectAsync("RESPONSE", 200);

            await cluster.KillSiloAsync(0);
            await cluster.KillSiloAsync(1);
            var started = DateTime.UtcNow;
            await client.SendAsync(Request("MESSAGE", "probe", user, "probe", $"down-{Guid.NewGuid():N}", 1, Probe, "x"));
            var answer = await client.ExpectAsync("RESPONSE", 503, TimeSpan.FromSeconds(40));

            Assert.StartsWith("Service unavailable", answer.GetProperty("Reason").GetString(), StringComparison.Ordinal);
            Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(500), "answered before the two retries' pauses (0.1 s, 0.4 s)");
            Assert.False(client.IsClosed);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
