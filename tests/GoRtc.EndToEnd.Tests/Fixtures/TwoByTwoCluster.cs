using System.Globalization;
using GoRtc.Testing;
using Xunit;

namespace GoRtc.EndToEnd.Tests.Fixtures;

/// <summary>
/// The distributed topology as separate processes on loopback: one real redis-server, two silos and two stateless
/// gateways (Orleans clients), all finding each other through Redis.
/// </summary>
public sealed class TwoByTwoCluster : IGoRtcTopology, IAsyncLifetime
{
    private readonly List<ServerProcess> _processes = [];
    private readonly List<int> _rtcPorts = [];
    private readonly List<int> _apiPorts = [];
    private RedisServer? _redis;

    public IReadOnlyList<string> RtcEndpoints => _rtcPorts.Select(p => $"ws://127.0.0.1:{p}/rtc").ToArray();

    public Uri ApiBase => new($"http://127.0.0.1:{_apiPorts[0]}");

    public IReadOnlyList<ServerProcess> Silos => _processes.Where(p => p.Name.StartsWith("silo", StringComparison.Ordinal)).ToArray();

    public async Task InitializeAsync()
    {
        try
        {
            _redis = await RedisServer.StartAsync();
            var clusterId = $"test-{Guid.NewGuid():N}";
            for (var i = 1; i <= 2; i++)
            {
                var environment = Common(clusterId);
                environment["Cluster__SiloPort"] = Port(FreePort.Next());
                environment["Cluster__GatewayPort"] = Port(FreePort.Next());
                _processes.Add(ServerProcess.StartDotnet(RepoPaths.BuiltAssembly("src/Silo", "GoRtc.Silo"), environment: environment, name: $"silo{i}"));

                // Two silos started at the same instant lose seconds to a membership race: stagger them.
                await Task.Delay(TimeSpan.FromSeconds(1.5));
            }

            for (var i = 1; i <= 2; i++)
            {
                var rtc = FreePort.Next();
                var api = FreePort.Next();
                _rtcPorts.Add(rtc);
                _apiPorts.Add(api);
                var environment = Common(clusterId);
                environment["Rtc__Port"] = Port(rtc);
                environment["Api__Port"] = Port(api);
                var gateway = ServerProcess.StartDotnet(RepoPaths.BuiltAssembly("src/Gateway", "GoRtc.Gateway"), environment: environment, name: $"gateway{i}");
                _processes.Add(gateway);
            }

            for (var i = 0; i < 2; i++)
            {
                await _processes[2 + i].WaitUntilReadyAsync(new Uri($"http://127.0.0.1:{_apiPorts[i]}/healthz"), TimeSpan.FromSeconds(90));
            }

            await RuntimeProbe.WaitForSilosAsync(ApiBase, 2, TimeSpan.FromSeconds(60));
        }
        catch
        {
            await DisposeAsync();
            throw;
        }

        Dictionary<string, string?> Common(string clusterId)
        {
            var environment = TestTimers.Environment();
            environment["Redis"] = _redis!.ConnectionString;
            environment["Cluster__ClusterId"] = clusterId;
            return environment;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }

        _processes.Clear();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    public string Report() => string.Join("\n\n", _processes.Select(p => p.Report()));

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<TwoByTwoCluster>
{
    public const string Name = "2 gateways + 2 silos + redis";
}
