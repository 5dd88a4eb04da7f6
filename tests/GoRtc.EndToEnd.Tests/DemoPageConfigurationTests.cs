using System.Net;
using System.Text.Json;
using GoRtc.EndToEnd.Tests.Fixtures;
using GoRtc.Testing;
using Xunit;

namespace GoRtc.EndToEnd.Tests;

/// <summary><c>Rtc:IceServers</c> reaches the page as WebRTC's own shape; <c>Rtc:DemoPage=false</c> serves nothing.</summary>
public sealed class DemoPageConfigurationTests : IClassFixture<DemoPageConfigurationTests.Nodes>
{
    private readonly Nodes _nodes;

    public DemoPageConfigurationTests(Nodes nodes) => _nodes = nodes;

    [Fact]
    public async Task Configured_ice_servers_are_given_to_the_page_as_rtc_ice_servers()
    {
        using var http = new HttpClient();
        var body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{_nodes.WithIceServers.RtcPort}/demo-settings.json"));
        using var settings = JsonDocument.Parse(body);
        var servers = settings.RootElement.GetProperty("iceServers");
        Assert.Equal(2, servers.GetArrayLength());
        Assert.Equal("stun:stun.example.org:3478", Assert.Single(servers[0].GetProperty("urls").EnumerateArray()).GetString());
        Assert.False(servers[0].TryGetProperty("username", out _), body);
        Assert.Equal(["turn:turn.example.org?transport=udp", "turns:turn.example.org"], servers[1].GetProperty("urls").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal("demo", servers[1].GetProperty("username").GetString());
        Assert.Equal("secret", servers[1].GetProperty("credential").GetString());
    }

    [Fact]
    public async Task With_the_demo_page_off_the_websocket_port_serves_no_page()
    {
        using var http = new HttpClient();
        var page = new Uri($"http://127.0.0.1:{_nodes.WithoutPage.RtcPort}/");
        foreach (var path in new[] { "/", "/index.html", "/demo-settings.json" })
        {
            using var response = await http.GetAsync(new Uri(page, path));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        }

        await using var client = await JsipTestClient.ConnectAsync(_nodes.WithoutPage.RtcEndpoints[0], "NoPage@gortc.com");
        Assert.False(client.IsClosed);
    }

    /// <summary>Two nodes: one with STUN and TURN servers configured, one with the demo page off.</summary>
    public sealed class Nodes : IAsyncLifetime
    {
        public AllInOneNode WithIceServers { get; } = new(new Dictionary<string, string?>
        {
            ["Rtc__IceServers__0__Urls__0"] = "stun:stun.example.org:3478",
            ["Rtc__IceServers__1__Urls__0"] = "turn:turn.example.org?transport=udp",
            ["Rtc__IceServers__1__Urls__1"] = "turns:turn.example.org",
            ["Rtc__IceServers__1__Username"] = "demo",
            ["Rtc__IceServers__1__Credential"] = "secret",
        });

        public AllInOneNode WithoutPage { get; } = new(new Dictionary<string, string?> { ["Rtc__DemoPage"] = "false" });

        public async Task InitializeAsync()
        {
            await WithIceServers.InitializeAsync();
            try
            {
                await WithoutPage.InitializeAsync();
            }
            catch
            {
                // xunit does not dispose a fixture whose initialisation failed: stop what was started.
                await WithIceServers.DisposeAsync();
                throw;
            }
        }

        public async Task DisposeAsync()
        {
            await WithIceServers.DisposeAsync();
            await WithoutPage.DisposeAsync();
        }
    }
}
