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
    private readonly List<(string Project, string Assembly, string Name, Dictionary<string, string?> Environment)> _starts = [];
    private readonly IReadOnlyDictionary<string, string?> _extraEnvironment;
    private RedisServer? _redis;

    public TwoByTwoCluster()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <summary>A cluster with extra configuration for every process (environment variables).</summary>
    internal TwoByTwoCluster(IReadOnlyDictionary<string, string?> extraEnvironment) => _extraEnvironment = extraEnvironment;

    public IReadOnlyList<string> RtcEndpoints => _rtcPorts.Select(p => $"ws://127.0.0.1:{p}/rtc").ToArray();

    public Uri ApiBase => new($"http://127.0.0.1:{_apiPorts[0]}");

    public ScriptPacing Pacing { get; } = new();

    /// <summary>The REST API of each gateway.</summary>
    public IReadOnlyList<Uri> ApiBases => _apiPorts.Select(p => new Uri($"http://127.0.0.1:{p}")).ToArray();

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
                _processes.Add(Start("src/Silo", "GoRtc.Silo", $"silo{i}", environment));

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
                _processes.Add(Start("src/Gateway", "GoRtc.Gateway", $"gateway{i}", environment));
            }

            await WaitReadyAsync();
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
            foreach (var (key, value) in _extraEnvironment)
            {
                environment[key] = value;
            }

            return environment;
        }
    }

    private const int SigInt = 2;

    /// <summary>
    /// Stops every GoRtc process gracefully (SIGINT, as an operator's restart does) and starts them again, with the same
    /// ports, the same cluster id and the same Redis (which keeps membership, grain state and the plugin store).
    /// </summary>
    /// <remarks>
    /// Killed silos would stay listed as active until their successors declared them dead, and the cluster would go on
    /// settling (calls to them timing out, plugin loads waiting for them) into whichever test runs next; crashes have
    /// tests of their own (<see cref="KillSiloAsync"/>).
    /// </remarks>
    public async Task RestartAllAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            process.SendSignal(SigInt);
            await process.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await process.DisposeAsync();
        }

        _processes.Clear();
        foreach (var (project, assembly, name, environment) in _starts.ToArray())
        {
            _processes.Add(ServerProcess.StartDotnet(RepoPaths.BuiltAssembly(project, assembly), environment: environment, name: name));
            if (name.StartsWith("silo", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromSeconds(1.5));
            }
        }

        await WaitReadyAsync();
    }

    /// <summary>Kills silo <paramref name="index"/> (0 or 1) at once, as a crash would (SIGKILL: no goodbye to the cluster).</summary>
    public async Task KillSiloAsync(int index)
    {
        var silo = _processes[index];
        silo.Kill();
        await silo.WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Starts silo <paramref name="index"/> again (same ports, same cluster) and waits until the cluster has two silos.</summary>
    public async Task RestartSiloAsync(int index)
    {
        await _processes[index].DisposeAsync();
        var (project, assembly, name, environment) = _starts[index];
        _processes[index] = ServerProcess.StartDotnet(RepoPaths.BuiltAssembly(project, assembly), environment: environment, name: name);
        await RuntimeProbe.WaitForSilosAsync(ApiBase, 2, TimeSpan.FromSeconds(60));
        await JsipWarmUp.RunAsync(RtcEndpoints);
    }

    private ServerProcess Start(string project, string assembly, string name, Dictionary<string, string?> environment)
    {
        _starts.Add((project, assembly, name, environment));
        return ServerProcess.StartDotnet(RepoPaths.BuiltAssembly(project, assembly), environment: environment, name: name);
    }

    private async Task WaitReadyAsync()
    {
        for (var i = 0; i < 2; i++)
        {
            await _processes[2 + i].WaitUntilReadyAsync(new Uri($"http://127.0.0.1:{_apiPorts[i]}/healthz"), TimeSpan.FromSeconds(90));
        }

        // Exactly two: after RestartAllAsync the killed silos are listed as active until their successors replace them.
        await RuntimeProbe.WaitForSilosAsync(ApiBase, 2, TimeSpan.FromSeconds(60), exactly: true);
        await JsipWarmUp.RunAsync(RtcEndpoints);
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
