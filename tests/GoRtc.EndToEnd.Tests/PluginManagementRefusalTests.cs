using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GoRtc.EndToEnd.Tests.Fixtures;
using GoRtc.Testing;
using Xunit;

namespace GoRtc.EndToEnd.Tests;

/// <summary>
/// What the management API refuses: each bad request gets a clear 4xx with a reason and changes nothing, and the
/// management endpoints need the configured bearer token.
/// </summary>
[Collection(PluginNodeCollection.Name)]
public sealed class PluginManagementRefusalTests
{
    private readonly PluginNode _fixture;

    public PluginManagementRefusalTests(PluginNode fixture) => _fixture = fixture;

    private Uri ApiBase => _fixture.Node.ApiBase;

    public static TheoryData<string, string> BadUploads => new()
    {
        { "constructor throws", "broken on purpose" },
        { "not an assembly", "neither a .NET assembly nor a zip" },
        { "corrupt zip", "zip" },
        { "no SLP type", "no public, non-abstract class deriving from GoRtc.SlpSdk.Slp" },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task A_bad_plugin_is_refused_with_400_and_changes_nothing(string what, string reason)
    {
        byte[] content = what switch
        {
            "constructor throws" => PluginApiClient.BrokenPlugin(),
            "not an assembly" => "MZ but not really a portable executable"u8.ToArray(),
            "corrupt zip" => [(byte)'P', (byte)'K', 3, 4, 1, 2, 3, 4, 5, 6, 7, 8],
            _ => File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(RepoPaths.BuiltAssembly("src/Gateway", "GoRtc.Gateway"))!, "GoRtc.Jsip.Stack.dll")),
        };
        using var api = new PluginApiClient(ApiBase, PluginNode.Token);
        var before = await SnapshotAsync(api);

        // "default" is loaded: a bad build must not replace it.
        var (status, body) = await api.UploadAsync("slpm", "default", content);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(api));
    }

    [Fact]
    public async Task An_upload_over_the_size_limit_is_refused_with_413()
    {
        using var api = new PluginApiClient(ApiBase, PluginNode.Token);
        var before = await SnapshotAsync(api);

        var (status, body) = await api.UploadAsync("slpm", "big", new byte[PluginNode.MaxPluginBytes + 1]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("Plugins:MaxBytes", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(api));
    }

    [Theory]
    [InlineData("slpm", "bad-name", HttpStatusCode.BadRequest)]
    [InlineData("slpm", "dots.are.not.words", HttpStatusCode.BadRequest)]
    [InlineData("apim", "chatroom", HttpStatusCode.BadRequest)]
    [InlineData("apim", "chatroom.v0", HttpStatusCode.BadRequest)]
    [InlineData("apim", "slpm.v1", HttpStatusCode.Conflict)]
    [InlineData("apim", "runtime.v1", HttpStatusCode.Conflict)]
    public async Task A_bad_or_built_in_name_is_refused(string prefix, string name, HttpStatusCode expected)
    {
        using var api = new PluginApiClient(ApiBase, PluginNode.Token);

        var (status, body) = await api.UploadAsync(prefix, name, PluginApiClient.SwapBuild(1));

        Assert.Equal(expected, status);
        Assert.Contains(name, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(expected == HttpStatusCode.Conflict ? HttpStatusCode.Conflict : HttpStatusCode.BadRequest, await api.DeleteAsync(prefix, name));
    }

    [Fact]
    public async Task A_file_outside_the_plugins_folder_cannot_be_named()
    {
        using var api = new PluginApiClient(ApiBase, PluginNode.Token);

        using var traversal = await api.Http.PostAsync("/slpm/v1/x?file=..%2Fappsettings.json", null);
        using var missing = await api.Http.PostAsync("/slpm/v1/x?file=nothing-here.dll", null);

        Assert.Equal(HttpStatusCode.BadRequest, traversal.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_bundled_file_loads_by_name_and_text_clients_get_the_reference_replies()
    {
        using var api = new PluginApiClient(ApiBase, PluginNode.Token);
        api.Http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));

        using var load = await api.Http.PostAsync("/slpm/v1/relaycopy?file=GoRtc.Samples.Relay.dll", null);
        var list = await api.Http.GetStringAsync("/slpm/v1/slps");
        using var delete = await api.Http.DeleteAsync("/slpm/v1/relaycopy");

        Assert.Equal(HttpStatusCode.Created, load.StatusCode);
        Assert.Equal("Load SLP relaycopy GoRtc.Samples.Relay.dll successd\n", await load.Content.ReadAsStringAsync());
        Assert.StartsWith("slp\t\tused\t\tusing\t\tfile\t\ttime", list, StringComparison.Ordinal);
        Assert.Contains("\nrelaycopy\t0\t0\tGoRtc.Samples.Relay.dll\t", list, StringComparison.Ordinal);
        Assert.Equal("Delete SLP relaycopy successd\n", await delete.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Management_endpoints_need_the_bearer_token()
    {
        using var anonymous = new HttpClient { BaseAddress = ApiBase };
        using var wrong = new HttpClient { BaseAddress = ApiBase };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");
        using var right = new PluginApiClient(ApiBase, PluginNode.Token);

        foreach (var path in new[] { "/slpm/v1/slps", "/apim/v1/apis", "/runtime/v1/jstack" })
        {
            using var none = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Contains("bearer token", (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
            using var forbidden = await wrong.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            using var ok = await right.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var upload = await anonymous.PostAsync("/slpm/v1/sneaky", new ByteArrayContent(PluginApiClient.SwapBuild(1)));
        Assert.Equal(HttpStatusCode.Unauthorized, upload.StatusCode);
        Assert.Empty(await right.VersionsAsync("sneaky"));
        using var health = await anonymous.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_configured_plugin_that_cannot_load_is_reported_and_the_node_serves_the_rest()
    {
        using var api = new PluginApiClient(ApiBase, PluginNode.Token);

        var corrupt = (await api.VersionsAsync(PluginNode.CorruptSlp)).Single();
        var conformance = (await api.VersionsAsync("default")).Single();

        Assert.Empty(corrupt.GetProperty("silos").EnumerateArray());
        Assert.Contains("neither a .NET assembly nor a zip", corrupt.GetProperty("errors")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Single(conformance.GetProperty("silos").EnumerateArray());
        await using var alex = await JsipTestClient.ConnectAsync(_fixture.Node.RtcEndpoints[0], $"Alex-{Guid.NewGuid():N}@gortc.com");
        await alex.SendAsync(JsipClientExtensions.Request("MESSAGE", "x@gortc.com", alex.Name, "x@gortc.com", $"c-{Guid.NewGuid():N}", 1, $"gortc.com;type={PluginNode.CorruptSlp}"));
        await alex.ExpectAsync("RESPONSE", 404);
    }

    /// <summary>What is loaded, by name, version and sha256.</summary>
    private static async Task<string> SnapshotAsync(PluginApiClient api)
    {
        var slps = await api.Http.GetFromJsonAsync<JsonElement>("/slpm/v1/slps");
        return string.Join(";", slps.GetProperty("slps").EnumerateArray()
            .Select(e => $"{e.GetProperty("name")}:{e.GetProperty("version")}:{e.GetProperty("sha256")}")
            .Order(StringComparer.Ordinal));
    }
}
