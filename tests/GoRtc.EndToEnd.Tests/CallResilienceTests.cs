using GoRtc.EndToEnd.Tests.Fixtures;
using GoRtc.Testing;
using Xunit;
using static GoRtc.EndToEnd.Tests.Fixtures.JsipClientExtensions;

namespace GoRtc.EndToEnd.Tests;

/// <summary>
/// An answered call lives in the cluster, not in a silo: its dialogue is stored at its milestones, and the shard that
/// takes over on another silo continues it.
/// </summary>
[Collection(ChatroomClusterCollection.Name)]
public sealed class CallResilienceTests
{
    private const string Call = "gortc.com;type=call";
    private readonly ChatroomCluster _cluster;

    public CallResilienceTests(ChatroomCluster cluster) => _cluster = cluster;

    [Fact]
    public async Task Answered_call_continues_when_the_silo_hosting_its_dialogue_dies()
    {
        var (alex, bob) = (Unique("Alex"), Unique("Bob"));
        var dialogue = $"call-{Guid.NewGuid():N}";
        await using var caller = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[0], alex);
        await using var callee = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[1], bob);
        await caller.SendAsync(Request("INVITE", bob, alex, bob, dialogue, 1, Call, "offer"));
        var invite = await callee.ExpectAsync("INVITE");
        await callee.SendAsync(ResponseTo(invite, 200, "answer"));
        await caller.ExpectAsync("RESPONSE", 200);
        await caller.SendAsync(Request("ACK", bob, alex, bob, dialogue, 2));
        await callee.ExpectAsync("ACK");

        // Kill the silo whose shard hosts the caller's dialogue (it logs the dialogue's arrival).
        var hosted = $"Dialogue {dialogue}: hosted by shard";
        var silo = Enumerable.Range(0, _cluster.Silos.Count).Single(i => _cluster.Silos[i].OutputLines.Any(l => l.Contains(hosted, StringComparison.Ordinal)));
        await _cluster.KillSiloAsync(silo);
        try
        {
            // The stack answers a BYE of an answered session itself. A shard that had lost the call would answer 481
            // (no such dialogue); one that continued it from its milestone answers 200.
            var answer = await SendUntilAnsweredAsync(caller, Request("BYE", bob, alex, bob, dialogue, 3));
            Assert.True(answer == 200, $"BYE after the silo's death answered {answer}, expected 200\n{_cluster.Report()}");
            var survivor = _cluster.Silos[1 - silo];
            Assert.Contains(survivor.OutputLines, l => l.Contains($"Dialogue {dialogue}: answered session restored from its last milestone", StringComparison.Ordinal));
        }
        finally
        {
            await _cluster.RestartSiloAsync(silo);
        }
    }

    /// <summary>
    /// Sends the request (again, as a retransmission) until it gets an answer other than the gateway's 503 for a
    /// cluster that did not take it while it learns of the death (the gateway has retried meanwhile).
    /// </summary>
    private static async Task<int> SendUntilAnsweredAsync(JsipTestClient client, System.Text.Json.Nodes.JsonObject request)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (DateTime.UtcNow < deadline)
        {
            await client.SendAsync(request);
            var message = await client.ReceiveAsync(TimeSpan.FromSeconds(8));
            if (message?.Json is { } json && json.GetProperty("Type").GetString() == "RESPONSE" && json.GetProperty("Code").GetInt32() != 503)
            {
                return json.GetProperty("Code").GetInt32();
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("The BYE got no answer but 503 within 45 s of the silo's death.");
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}@gortc.com";
}
