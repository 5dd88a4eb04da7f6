using GoRtc.Testing;
using static GoRtc.EndToEnd.Tests.Fixtures.JsipClientExtensions;

namespace GoRtc.EndToEnd.Tests.Fixtures;

/// <summary>
/// JSIP transactions through each gateway of freshly (re)started servers, answered by an SLP, on enough random
/// dialogues to activate nearly every dialogue shard (512 per gateway: each of the 256 shards is missed with a
/// chance of e^-4 for one gateway, e^-8 for two). The first transaction of a shard pays for its activation and
/// directory registration while a new cluster is still settling, and the first on a silo for JIT (the stack's and
/// the SLP's), its first storage read and its first push to each gateway; on a busy 2-core machine that can outlast
/// the reference scripts' 1 s timeouts, or a 5 s grain call. Tests then measure the server, not its start.
/// </summary>
internal static class JsipWarmUp
{
    private const int DialoguesPerGateway = 512;
    private const int InFlight = 32;

    public static async Task RunAsync(IEnumerable<string> rtcEndpoints)
    {
        foreach (var endpoint in rtcEndpoints)
        {
            var user = $"warmup-{Guid.NewGuid():N}@gortc.com";
            await using var client = await JsipTestClient.ConnectAsync(endpoint, user);
            for (var sent = 0; sent < DialoguesPerGateway; sent += InFlight)
            {
                // The test probe SLP answers a request it does not know 200 and finishes (where it is not loaded, the
                // stack answers 404): no SLP instance is left behind.
                for (var i = 0; i < InFlight; i++)
                {
                    await client.SendAsync(Request("OPTIONS", "warmup", user, "probe", $"warmup-{Guid.NewGuid():N}", 1, "gortc.com;type=probe"));
                }

                for (var i = 0; i < InFlight; i++)
                {
                    await client.ExpectAsync("RESPONSE", timeout: TimeSpan.FromSeconds(30));
                }
            }
        }
    }
}
