using GoRtc.Testing;
using static GoRtc.EndToEnd.Tests.Fixtures.JsipClientExtensions;

namespace GoRtc.EndToEnd.Tests.Fixtures;

/// <summary>
/// JSIP transactions through each gateway of freshly started servers, answered by an SLP, on enough dialogues to
/// reach the dialogue shards of every silo. The first transaction on a silo pays for JIT (the stack's and the SLP's),
/// its first storage read and its first push to each gateway, which on a busy 2-core machine can outlast the
/// reference scripts' 1 s timeouts; tests then measure the server, not its start.
/// </summary>
internal static class JsipWarmUp
{
    private const int DialoguesPerGateway = 8;

    public static async Task RunAsync(IEnumerable<string> rtcEndpoints)
    {
        foreach (var endpoint in rtcEndpoints)
        {
            var user = $"warmup-{Guid.NewGuid():N}@gortc.com";
            await using var client = await JsipTestClient.ConnectAsync(endpoint, user);
            for (var i = 0; i < DialoguesPerGateway; i++)
            {
                // The test probe SLP answers a request it does not know 200 and finishes (where it is not loaded, the
                // stack answers 404): no SLP instance is left behind.
                await client.SendAsync(Request("OPTIONS", "warmup", user, "probe", $"warmup-{Guid.NewGuid():N}", 1, "gortc.com;type=probe"));
                await client.ExpectAsync("RESPONSE", timeout: TimeSpan.FromSeconds(30));
            }
        }
    }
}
