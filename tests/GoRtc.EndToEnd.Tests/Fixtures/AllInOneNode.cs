using GoRtc.Testing;
using Xunit;

namespace GoRtc.EndToEnd.Tests.Fixtures;

/// <summary>One all-in-one GoRtc process (gateway with its own silo, no Redis), as a new user runs it.</summary>
public sealed class AllInOneNode : IGoRtcTopology, IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string?> _extraEnvironment;
    private readonly bool _warmUp;
    private ServerProcess? _process;

    public AllInOneNode()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <summary>
    /// A node with extra configuration (environment variables, e.g. <c>Rtc__AuthUrl</c>); <paramref name="warmUp"/>
    /// false for one whose tests count every connection (<see cref="JsipWarmUp"/> opens one).
    /// </summary>
    internal AllInOneNode(IReadOnlyDictionary<string, string?> extraEnvironment, bool warmUp = true)
    {
        _extraEnvironment = extraEnvironment;
        _warmUp = warmUp;
    }

    /// <summary>The node's own plugin store folder (the all-in-one store), removed when the fixture ends.</summary>
    public string StoreDirectory { get; } = Path.Combine(Path.GetTempPath(), $"gortc-store-{Guid.NewGuid():N}");

    public int RtcPort { get; } = FreePort.Next();

    public int ApiPort { get; } = FreePort.Next();

    public IReadOnlyList<string> RtcEndpoints => [$"ws://127.0.0.1:{RtcPort}/rtc"];

    public Uri ApiBase => new($"http://127.0.0.1:{ApiPort}");

    public ScriptPacing Pacing { get; } = new();

    public ServerProcess Process => _process ?? throw new InvalidOperationException("Not started.");

    public Task InitializeAsync() => StartAsync();

    /// <summary>Stops the process and starts it again with the same ports and the same plugin store.</summary>
    public async Task RestartAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }

        await StartAsync();
    }

    private async Task StartAsync()
    {
        var environment = TestTimers.Environment();
        environment["Rtc__Port"] = RtcPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Api__Port"] = ApiPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Cluster__SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Cluster__GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Plugins__StoreDirectory"] = StoreDirectory;
        foreach (var (key, value) in _extraEnvironment)
        {
            environment[key] = value;
        }

        _process = ServerProcess.StartDotnet(RepoPaths.BuiltAssembly("src/Gateway", "GoRtc.Gateway"), environment: environment, name: "all-in-one");
        try
        {
            await _process.WaitUntilReadyAsync(new Uri(ApiBase, "/healthz"), TimeSpan.FromSeconds(60));
            if (_warmUp)
            {
                await JsipWarmUp.RunAsync(RtcEndpoints);
            }
        }
        catch
        {
            await _process.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        if (Directory.Exists(StoreDirectory))
        {
            Directory.Delete(StoreDirectory, recursive: true);
        }
    }

    public string Report() => _process?.Report() ?? "(not started)";
}

[CollectionDefinition(Name)]
public sealed class AllInOneCollection : ICollectionFixture<AllInOneNode>
{
    public const string Name = "all-in-one node";
}
