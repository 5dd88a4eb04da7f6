using System.Net;
using System.Text.Json;
using GoRtc.EndToEnd.Tests.Fixtures;
using GoRtc.Testing;
using Xunit;

namespace GoRtc.EndToEnd.Tests;

/// <summary>
/// The demo page on the WebSocket port of an ordinary node: the page, the JavaScript client from its one source
/// (<c>clients/js/src</c>) and the page's settings; the REST API's port serves none of it and <c>/rtc</c> is unchanged.
/// The page itself is driven in a browser by <c>tests/browser</c>.
/// </summary>
[Collection(AllInOneCollection.Name)]
public sealed class DemoPageTests
{
    private readonly AllInOneNode _node;

    public DemoPageTests(AllInOneNode node) => _node = node;

    private Uri PageBase => new($"http://127.0.0.1:{_node.RtcPort}/");

    [Fact]
    public async Task The_page_is_served_at_the_root_of_the_websocket_port()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(PageBase);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"js/app.js\">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_file_of_the_javascript_client_is_served_under_lib_gortc_as_it_is()
    {
        var source = Path.Combine(RepoPaths.Root, "clients", "js", "src");
        var files = Directory.GetFiles(source, "*.js", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        using var http = new HttpClient();
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(source, file).Replace(Path.DirectorySeparatorChar, '/');
            using var response = await http.GetAsync(new Uri(PageBase, "lib/gortc/" + relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/lib/gortc/{relative}: {response.StatusCode}");
            Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(await File.ReadAllTextAsync(file), await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Ice_servers_are_empty_by_default()
    {
        using var http = new HttpClient();
        using var settings = JsonDocument.Parse(await http.GetStringAsync(new Uri(PageBase, "demo-settings.json")));
        Assert.Equal(0, settings.RootElement.GetProperty("iceServers").GetArrayLength());
    }

    [Fact]
    public async Task The_rest_api_port_serves_no_page()
    {
        using var http = new HttpClient();
        foreach (var path in new[] { "/", "/index.html", "/demo-settings.json", "/lib/gortc/" })
        {
            using var response = await http.GetAsync(new Uri(_node.ApiBase, path));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} on the API port: {response.StatusCode}");
        }

        using var health = await http.GetAsync(new Uri(_node.ApiBase, "/healthz"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task The_websocket_endpoint_is_unchanged_beside_the_page()
    {
        using var http = new HttpClient();
        using var withoutUser = await http.GetAsync(new Uri(PageBase, "rtc"));
        Assert.Equal(HttpStatusCode.BadRequest, withoutUser.StatusCode);
        Assert.Equal("Missing userid", (await withoutUser.Content.ReadAsStringAsync()).TrimEnd());

        await using var client = await JsipTestClient.ConnectAsync(_node.RtcEndpoints[0], "PageVisitor@gortc.com");
        Assert.False(client.IsClosed);
    }
}
