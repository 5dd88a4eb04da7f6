using System.Net.Http.Json;
using System.Text.Json;

namespace GoRtc.EndToEnd.Tests.Fixtures;

/// <summary>Reads <c>/runtime/v1/jstack</c>: what is live in the cluster.</summary>
internal static class RuntimeProbe
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static async Task<JsonElement> JStackAsync(Uri apiBase, CancellationToken cancellationToken = default) =>
        await Http.GetFromJsonAsync<JsonElement>(new Uri(apiBase, "/runtime/v1/jstack"), cancellationToken);

    /// <summary>A runtime view (<c>jstack</c>, <c>distribute</c>, <c>stack</c>, with an optional query) in JSON.</summary>
    public static async Task<JsonElement> ViewAsync(Uri apiBase, string view, CancellationToken cancellationToken = default) =>
        await Http.GetFromJsonAsync<JsonElement>(new Uri(apiBase, $"/runtime/v1/{view}"), cancellationToken);

    /// <summary>A runtime view in the reference's text (<c>Accept: text/plain</c>).</summary>
    public static async Task<string> ViewTextAsync(Uri apiBase, string view, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(apiBase, $"/runtime/v1/{view}"));
        request.Headers.Accept.ParseAdd("text/plain");
        using var response = await Http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>Sends any request to the REST API, for status checks.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri apiBase, string path, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, new Uri(apiBase, path));
        return await Http.SendAsync(request, cancellationToken);
    }

    /// <summary>Polls a view until <paramref name="condition"/> holds; the timeout message shows the last view seen.</summary>
    public static async Task<JsonElement> WaitForViewAsync(IGoRtcTopology topology, string view, Func<JsonElement, bool> condition, string expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement last;
        do
        {
            last = await ViewAsync(topology.ApiBase, view);
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"/runtime/v1/{view}: expected {expected} within {timeout}, last seen {last}\n{topology.Report()}");
    }

    /// <summary>
    /// Waits until no dialogue and no SLP instance is live: every script starts on a quiet node, as the reference's
    /// scripts (which all use DialogueID <c>abcdefgh</c> and userid Alex@gortc.com) assume.
    /// </summary>
    public static async Task WaitQuietAsync(IGoRtcTopology topology, TimeSpan timeout)
    {
        var apiBase = topology.ApiBase;
        var deadline = DateTime.UtcNow + timeout;
        JsonElement last = default;
        Exception? failure = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await JStackAsync(apiBase);
                if (last.GetProperty("dialogues").GetInt32() == 0 && last.GetProperty("slpInstances").GetInt32() == 0)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // A slow view (a grain that went while it was asked) is not a noisy node: ask again until the deadline.
                failure = ex;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The node did not become quiet within {timeout}: {last} (last failure: {failure?.Message})\n{topology.Report()}");
    }

    /// <summary>
    /// Waits until the cluster has <paramref name="silos"/> active silos, or with <paramref name="exactly"/> that many
    /// and no more: after every silo was killed, the membership table still lists the dead ones as active until their
    /// successors on the same addresses declare them dead, and calls placed on them meanwhile time out.
    /// </summary>
    public static async Task WaitForSilosAsync(Uri apiBase, int silos, TimeSpan timeout, bool exactly = false)
    {
        var deadline = DateTime.UtcNow + timeout;
        var seen = -1;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                seen = (await JStackAsync(apiBase)).GetProperty("silos").GetInt32();
                if (exactly ? seen == silos : seen >= silos)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Expected {(exactly ? "exactly " : "")}{silos} active silos within {timeout}, saw {seen}.");
    }
}
