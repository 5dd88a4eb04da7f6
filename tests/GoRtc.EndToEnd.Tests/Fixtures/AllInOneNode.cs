using GoRtc.Testing;
using Xunit;

namespace GoRtc.EndToEnd.Tests.Fixtures;

/// <summary>One all-in-one GoRtc process (gateway with its own silo, no Redis), as a new user runs it.</summary>
public sealed class AllInOneNode : IGoRtcTopology, IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string?> _extraEnvironment;
    private ServerProcess? _process;

    public AllInOneNode()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <summary>A node with extra configuration (environment variables, e.g. <c>Rtc__AuthUrl</c>).</summary>
    internal AllInOneNode(IReadOnlyDictionary<string, string?> extraEnvironment) => _extraEnvironment = extraEnvironment;

    public int RtcPort { get; } = FreePort.Next();

    public int ApiPort { get; } = FreePort.Next();

    public IReadOnlyList<string> RtcEndpoints => [$"ws://127.0.0.1:{RtcPort}/rtc"];

    public Uri ApiBase => new($"http://127.0.0.1:{ApiPort}");

    public ServerProcess Process => _process ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var environment = TestTimers.Environment();
        environment["Rtc__Port"] = RtcPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Api__Port"] = ApiPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Cluster__SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Cluster__GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in _extraEnvironment)
        {
            environment[key] = value;
        }

        _process = ServerProcess.StartDotnet(RepoPaths.BuiltAssembly("src/Gateway", "GoRtc.Gateway"), environment: environment, name: "all-in-one");
        try
        {
            await _process.WaitUntilReadyAsync(new Uri(ApiBase, "/healthz"), TimeSpan.FromSeconds(60));
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
    }

    public string Report() => _process?.Report() ?? "(not started)";
}

[CollectionDefinition(Name)]
public sealed class AllInOneCollection : ICollectionFixture<AllInOneNode>
{
    public const string Name = "all-in-one node";
}
