using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GoRtc.EndToEnd.Tests.Fixtures;
using GoRtc.Testing;
using Xunit;
using static GoRtc.EndToEnd.Tests.Fixtures.JsipClientExtensions;

namespace GoRtc.EndToEnd.Tests;

/// <summary>
/// Plugins loaded, replaced and deleted over REST while traffic runs, on the all-in-one node and on 2 gateways +
/// 2 silos + Redis: the same tests, one subclass per topology.
/// </summary>
public abstract class PluginLifecycleTests
{
    protected abstract IReadOnlyList<string> RtcEndpoints { get; }

    protected abstract IReadOnlyList<Uri> ApiBases { get; }

    protected abstract string? Token { get; }

    protected abstract int Silos { get; }

    protected abstract Task RestartEverythingAsync();

    /// <summary>The processes' captured output, for a failure's message.</summary>
    protected abstract string Report();

    private PluginApiClient Management() => new(ApiBases[0], Token);

    [Fact]
    public async Task Replacing_a_plugin_under_the_same_file_name_moves_new_dialogues_only_and_unloads_the_old_build()
    {
        var name = PluginApiClient.UniqueName("swap");
        using var api = Management();
        var first = await api.UploadOkAsync("slpm", name, PluginApiClient.SwapBuild(1));
        Assert.Equal(Silos, first.GetProperty("silos").GetArrayLength());

        await using var alex = await JsipTestClient.ConnectAsync(RtcEndpoints[0], User("Alex"));
        var old = await StartCallAsync(alex, name, "v1");

        var second = await api.UploadOkAsync("slpm", name, PluginApiClient.SwapBuild(2));
        Assert.Equal("swap.dll", second.GetProperty("file").GetString());
        Assert.True(second.GetProperty("version").GetInt32() > first.GetProperty("version").GetInt32());
        Assert.NotEqual(first.GetProperty("sha256").GetString(), second.GetProperty("sha256").GetString());
        var versions = await api.VersionsAsync(name);
        Assert.Equal(2, versions.Length);
        var retired = versions.Single(v => !v.GetProperty("current").GetBoolean());
        Assert.Equal(first.GetProperty("version").GetInt32(), retired.GetProperty("version").GetInt32());
        Assert.Equal(1, retired.GetProperty("instancesAlive").GetInt64());

        await using var bob = await JsipTestClient.ConnectAsync(RtcEndpoints[^1], User("Bob"));
        var fresh = await StartCallAsync(bob, name, "v2");

        // The call that started on build 1 is still served by build 1.
        await InfoAsync(alex, old, "v1");
        await InfoAsync(bob, fresh, "v2");
        await HangUpAsync(alex, old);
        await HangUpAsync(bob, fresh);

        // Each silo reports its counters a moment after they change: wait for the new build's instance to be counted too
        // (a call shorter than a report interval is otherwise seen as never having started).
        var left = await api.WaitVersionsAsync(
            name,
            vs => vs.Length == 1 && vs[0].GetProperty("instancesAlive").GetInt64() == 0 && vs[0].GetProperty("instancesCreated").GetInt64() > 0,
            TimeSpan.FromSeconds(10));
        Assert.Equal(second.GetProperty("version").GetInt32(), left[0].GetProperty("version").GetInt32());
        Assert.True(left[0].GetProperty("instancesCreated").GetInt64() == 1, $"expected 1 instance created by the new build: {left[0]}");

        Assert.Equal(HttpStatusCode.NoContent, await api.DeleteAsync("slpm", name));
        Assert.Equal(HttpStatusCode.NotFound, await api.DeleteAsync("slpm", name));
        await alex.SendAsync(Request("INVITE", "swap@gortc.com", alex.Name, "swap@gortc.com", Dialogue(), 1, Router(name)));
        var refused = await alex.ExpectAsync("RESPONSE", 404);
        Assert.Contains(name, refused.GetProperty("Reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twenty_swaps_under_load_fail_no_transaction()
    {
        var name = PluginApiClient.UniqueName("load");
        using var api = Management();
        await api.UploadOkAsync("slpm", name, PluginApiClient.SwapBuild(1));
        using var stop = new CancellationTokenSource();
        var clients = new List<JsipTestClient>();
        for (var i = 0; i < 4; i++)
        {
            clients.Add(await JsipTestClient.ConnectAsync(RtcEndpoints[i % RtcEndpoints.Count], User($"Load{i}")));
        }

        try
        {
            var loops = clients.Select(c => MessageLoopAsync(c, name, stop.Token)).ToArray();
            for (var swap = 0; swap < 20; swap++)
            {
                await Task.Delay(50);
                try
                {
                    await api.UploadOkAsync("slpm", name, PluginApiClient.SwapBuild(2 - (swap % 2)));
                }
                catch (InvalidOperationException ex)
                {
                    throw new InvalidOperationException($"swap {swap}: {ex.Message}\n{Report()}", ex);
                }
            }

            await Task.Delay(200);
            await stop.CancelAsync();
            var results = await Task.WhenAll(loops);
            var all = results.SelectMany(r => r).ToArray();
            Assert.NotEmpty(all);
            var refused = all.Where(r => r.Code != 200).ToArray();
            Assert.True(refused.Length == 0, $"{refused.Length} of {all.Length} refused, first: {refused.FirstOrDefault().Build}\n{Report()}");
            Assert.Contains(all, r => r.Build == "v1");
            Assert.Contains(all, r => r.Build == "v2");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }

        // Every instance has ended: only the last build is left, with nothing running.
        var left = await api.WaitVersionsAsync(name, vs => vs.Length == 1 && vs[0].GetProperty("instancesAlive").GetInt64() == 0, TimeSpan.FromSeconds(10));
        Assert.True(left[0].GetProperty("current").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, await api.DeleteAsync("slpm", name));
    }

    [Fact]
    public async Task An_api_plugin_answers_on_every_gateway_and_shares_state_with_its_slp()
    {
        var name = PluginApiClient.UniqueName("stats");
        using var management = Management();
        var build1 = PluginApiClient.SwapBuild(1);
        await management.UploadOkAsync("slpm", name, build1);
        var api = await management.UploadOkAsync("apim", $"{name}.v1", build1);
        Assert.Equal($"{name}.v1", api.GetProperty("name").GetString());
        var listed = await management.Http.GetFromJsonAsync<JsonElement>("/apim/v1/apis");
        Assert.Contains(listed.GetProperty("apis").EnumerateArray(), a => a.GetProperty("name").GetString() == $"{name}.v1");
        Assert.Contains(listed.GetProperty("apis").EnumerateArray(), a => a.GetProperty("name").GetString() == "slpm.v1" && a.GetProperty("builtIn").GetBoolean());

        await using var alex = await JsipTestClient.ConnectAsync(RtcEndpoints[0], User("Alex"));
        var call = await StartCallAsync(alex, name, "v1");

        using var anonymous = new HttpClient(); // API plugins need no management token
        foreach (var gateway in ApiBases)
        {
            var stats = await anonymous.GetFromJsonAsync<JsonElement>(new Uri(gateway, $"/{name}/v1/stats?echo=hi"));
            Assert.Equal("v1", stats.GetProperty("build").GetString());
            Assert.Equal("hi", stats.GetProperty("echo").GetString());
            if (Silos == 1)
            {
                Assert.Equal(1, stats.GetProperty("invites").GetInt32()); // the SLP's count, seen by the API
            }
        }

        using var post = await anonymous.PostAsync(new Uri(ApiBases[^1], $"/{name}/v1/anything"),
            new StringContent("""{"build":"posted"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        Assert.Equal("v1", post.Headers.GetValues("X-Swap-Build").Single());
        Assert.Equal("posted", (await post.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("echo").GetString());
        using var put = await anonymous.PutAsync(new Uri(ApiBases[0], $"/{name}/v1/stats"), new StringContent("{}"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
        using var missing = await anonymous.GetAsync(new Uri(ApiBases[0], $"/{name}/v1/nothing"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(404, (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());

        await management.UploadOkAsync("apim", $"{name}.v1", PluginApiClient.SwapBuild(2));
        foreach (var gateway in ApiBases)
        {
            var stats = await anonymous.GetFromJsonAsync<JsonElement>(new Uri(gateway, $"/{name}/v1/stats"));
            Assert.Equal("v2", stats.GetProperty("build").GetString());
        }

        Assert.Equal(HttpStatusCode.NoContent, await management.DeleteAsync("apim", $"{name}.v1"));
        using var gone = await anonymous.GetAsync(new Uri(ApiBases[0], $"/{name}/v1/stats"));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        await HangUpAsync(alex, call);
        Assert.Equal(HttpStatusCode.NoContent, await management.DeleteAsync("slpm", name));
    }

    [Fact]
    public async Task Plugins_loaded_over_rest_are_loaded_again_after_every_process_restarts()
    {
        var name = PluginApiClient.UniqueName("keep");
        using (var api = Management())
        {
            await api.UploadOkAsync("slpm", name, PluginApiClient.SwapBuild(2));
        }

        var before = await VersionOfAsync(name);
        await RestartEverythingAsync();

        using var after = Management();
        var versions = await after.WaitVersionsAsync(name, vs => vs.Length == 1 && vs[0].GetProperty("silos").GetArrayLength() == Silos, TimeSpan.FromSeconds(30));
        Assert.Equal(before, versions[0].GetProperty("version").GetInt32());
        await using var alex = await JsipTestClient.ConnectAsync(RtcEndpoints[0], User("Alex"));
        var call = await StartCallAsync(alex, name, "v2");
        await HangUpAsync(alex, call);
        Assert.Equal(HttpStatusCode.NoContent, await after.DeleteAsync("slpm", name));
    }

    private async Task<int> VersionOfAsync(string name)
    {
        using var api = Management();
        return (await api.VersionsAsync(name)).Single().GetProperty("version").GetInt32();
    }

    private static async Task<List<(int Code, string? Build)>> MessageLoopAsync(JsipTestClient client, string name, CancellationToken stop)
    {
        var results = new List<(int, string?)>();
        while (!stop.IsCancellationRequested)
        {
            await client.SendAsync(Request("MESSAGE", "swap@gortc.com", client.Name, "swap@gortc.com", Dialogue(), 1, Router(name)));
            var answer = await client.ExpectAsync("RESPONSE");
            var code = answer.GetProperty("Code").GetInt32();
            results.Add((code, code == 200 ? answer.GetProperty("Body").GetProperty("build").GetString() : answer.ToString()));
        }

        return results;
    }

    private static async Task<string> StartCallAsync(JsipTestClient client, string slp, string expectedBuild)
    {
        var dialogue = Dialogue();
        await client.SendAsync(Request("INVITE", "swap@gortc.com", client.Name, "swap@gortc.com", dialogue, 1, Router(slp), "offer"));
        var ok = await client.ExpectAsync("RESPONSE", 200);
        Assert.Equal(expectedBuild, ok.GetProperty("Body").GetProperty("build").GetString());
        await client.SendAsync(Request("ACK", "swap@gortc.com", client.Name, "swap@gortc.com", dialogue, 1));
        return dialogue;
    }

    private static async Task InfoAsync(JsipTestClient client, string dialogue, string expectedBuild)
    {
        await client.SendAsync(Request("INFO", "swap@gortc.com", client.Name, "swap@gortc.com", dialogue, 2));
        var ok = await client.ExpectAsync("RESPONSE", 200);
        Assert.Equal(expectedBuild, ok.GetProperty("Body").GetProperty("build").GetString());
    }

    private static async Task HangUpAsync(JsipTestClient client, string dialogue)
    {
        await client.SendAsync(Request("BYE", "swap@gortc.com", client.Name, "swap@gortc.com", dialogue, 3));
        await client.ExpectAsync("RESPONSE", 200);
    }

    private static string Router(string slp) => $"gortc.com;type={slp}";

    private static string Dialogue() => $"plugin-{Guid.NewGuid():N}";

    private static string User(string name) => $"{name}-{Guid.NewGuid():N}@gortc.com";
}

[Collection(PluginNodeCollection.Name)]
public sealed class PluginLifecycleOnNodeTests : PluginLifecycleTests
{
    private readonly PluginNode _fixture;

    public PluginLifecycleOnNodeTests(PluginNode fixture) => _fixture = fixture;

    protected override IReadOnlyList<string> RtcEndpoints => _fixture.Node.RtcEndpoints;

    protected override IReadOnlyList<Uri> ApiBases => [_fixture.Node.ApiBase];

    protected override string? Token => PluginNode.Token;

    protected override int Silos => 1;

    protected override Task RestartEverythingAsync() => _fixture.Node.RestartAsync();

    protected override string Report() => _fixture.Node.Report();
}

[Collection(ClusterCollection.Name)]
public sealed class PluginLifecycleOnClusterTests : PluginLifecycleTests
{
    private readonly TwoByTwoCluster _cluster;

    public PluginLifecycleOnClusterTests(TwoByTwoCluster cluster) => _cluster = cluster;

    protected override IReadOnlyList<string> RtcEndpoints => _cluster.RtcEndpoints;

    protected override IReadOnlyList<Uri> ApiBases => _cluster.ApiBases;

    protected override string? Token => null;

    protected override int Silos => 2;

    protected override Task RestartEverythingAsync() => _cluster.RestartAllAsync();

    protected override string Report() => _cluster.Report();
}
