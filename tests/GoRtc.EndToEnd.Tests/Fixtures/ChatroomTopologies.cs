using Xunit;

namespace GoRtc.EndToEnd.Tests.Fixtures;

/// <summary>
/// The configuration the reference's chatroom scripts assume: the chatroom loaded as <c>default</c> (their room ids,
/// <c>room:test1@gortc.com</c>, carry no Router and select the default SLP), and its <c>chatroom.v1</c> API.
/// </summary>
internal static class ChatroomConfiguration
{
    public static Dictionary<string, string?> Environment() => new()
    {
        ["Plugins__Slps__default__File"] = "GoRtc.Services.Chatroom.dll",
    };
}

/// <summary>An all-in-one node with the chatroom as its default SLP.</summary>
public sealed class ChatroomNode : IGoRtcTopology, IAsyncLifetime
{
    private readonly AllInOneNode _node = new(ChatroomConfiguration.Environment());

    public ScriptPacing Pacing => _node.Pacing;

    public IReadOnlyList<string> RtcEndpoints => _node.RtcEndpoints;

    public Uri ApiBase => _node.ApiBase;

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    public string Report() => _node.Report();
}

/// <summary>
/// 2 gateways + 2 silos + Redis with the chatroom as the default SLP, and failure detection tuned so a killed silo is
/// declared dead in seconds (the room must outlive it).
/// </summary>
public sealed class ChatroomCluster : IGoRtcTopology, IAsyncLifetime
{
    private readonly TwoByTwoCluster _cluster = new(WithFastFailureDetection());

    public ScriptPacing Pacing => _cluster.Pacing;

    public IReadOnlyList<string> RtcEndpoints => _cluster.RtcEndpoints;

    public Uri ApiBase => _cluster.ApiBase;

    public IReadOnlyList<Uri> ApiBases => _cluster.ApiBases;

    public IReadOnlyList<GoRtc.Testing.ServerProcess> Silos => _cluster.Silos;

    public Task KillSiloAsync(int index) => _cluster.KillSiloAsync(index);

    /// <summary>Restarts a killed silo and waits until the gateways have learnt of it (they refresh every second here).</summary>
    public async Task RestartSiloAsync(int index)
    {
        await _cluster.RestartSiloAsync(index);
        await Task.Delay(TimeSpan.FromSeconds(3));
    }

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    public string Report() => _cluster.Report();

    private static Dictionary<string, string?> WithFastFailureDetection()
    {
        var environment = ChatroomConfiguration.Environment();
        environment["Cluster__ProbeTimeout"] = "00:00:02";
        environment["Cluster__MissedProbesLimit"] = "2";
        environment["Cluster__GatewayListRefreshPeriod"] = "00:00:01";
        // Each room's state grain logs where it activates: the resilience test kills the silo that holds the room.
        environment["Logging__LogLevel__GoRtc.Silo.State"] = "Debug";
        // So does each new dialogue: the call resilience test kills the silo that hosts a call's dialogue.
        environment["Logging__LogLevel__GoRtc.Silo.Dialogs"] = "Debug";
        return environment;
    }
}

[CollectionDefinition(Name)]
public sealed class ChatroomNodeCollection : ICollectionFixture<ChatroomNode>
{
    public const string Name = "all-in-one node, chatroom as default";
}

[CollectionDefinition(Name)]
public sealed class ChatroomClusterCollection : ICollectionFixture<ChatroomCluster>
{
    public const string Name = "2 gateways + 2 silos + redis, chatroom as default";
}
