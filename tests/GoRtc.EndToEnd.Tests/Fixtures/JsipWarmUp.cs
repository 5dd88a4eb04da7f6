using GoRtc.Testing;
using static GoRtc.EndToEnd.Tests.Fixtures.JsipClientExtensions;

namespace GoRtc.EndToEnd.Tests.Fixtures;

/// <summary>
/// One JSIP transaction through each gateway of freshly started servers. The first transaction pays for JIT,
/// connections and activations on every hop, which on a busy 2-core machine can outlast the reference scripts' 1 s
/// timeouts; tests then measure the server, not its start.
/// </summary>
internal static class JsipWarmUp
{
    public static async Task RunAsync(IEnumerable<string> rtcEndpoints)
    {
        foreach (var endpoint in rtcEndpoints)
        {
            var user = $"warmup-{Guid.NewGuid():N}@gortc.com";
            await using var client = await JsipTestClient.ConnectAsync(endpoint, user);
            // Routed to an SLP that no fixture loads: the stack answers 404 itself, and no SLP instance is left behind.
            await client.SendAsync(Request("OPTIONS", "warmup@gortc.com", user, "warmup@gortc.com", $"warmup-{Guid.NewGuid():N}", 1, "gortc.com;type=warmup"));
            await client.ExpectAsync("RESPONSE", 404, TimeSpan.FromSeconds(30));
        }
    }
}
