using GoRtc.EndToEnd.Tests.Fixtures;
using GoRtc.Testing;
using Xunit;
using Xunit.Abstractions;

namespace GoRtc.EndToEnd.Tests;

/// <summary>
/// The reference's chatroom scripts, unchanged, with the chatroom loaded as <c>default</c>. Single scripts run as
/// Alex@gortc.com; each pair runs Bob's script and, once Bob is in the room, Alex's — on different gateways when
/// there are two. Every script uses room <c>room:test1@gortc.com</c> and leaves it empty (or expiring), so they run
/// one after another.
/// </summary>
public abstract class ChatroomScriptTests
{
    private readonly IGoRtcTopology _topology;
    private readonly ITestOutputHelper _output;

    protected ChatroomScriptTests(IGoRtcTopology topology, ITestOutputHelper output)
    {
        _topology = topology;
        _output = output;
    }

    public static TheoryData<string> SingleScripts() =>
    [
        "message_no_pai", "message_no_room", "message_no_user", "subscribe_expire", "subscribe_no_expire", "subscribe_no_pai",
        "subscribe_unsubscribe", "unsubscribe_no_room", "unsubscribe_no_user",
    ];

    public static TheoryData<string, string> Pairs() => new()
    {
        { "userb", "usera" },
        { "userb_message_with_router", "usera_message_with_router" },
        { "userb_no_resp", "usera_userb_no_resp" },
    };

    protected async Task RunSingleAsync(string name, int gateway)
    {
        await WaitQuietAsync();
        var endpoint = _topology.RtcEndpoints[gateway % _topology.RtcEndpoints.Count];
        await using var client = await JsipTestClient.ConnectAsync(endpoint, "Alex@gortc.com");
        var result = await RunAsync(name, client);
        Assert.True(result.Passed, $"{result}\n\n{_topology.Report()}");
    }

    protected async Task RunPairAsync(string bobScript, string alexScript)
    {
        await WaitQuietAsync();
        var endpoints = _topology.RtcEndpoints;
        await using var bob = await JsipTestClient.ConnectAsync(endpoints[endpoints.Count - 1], "Bob@gortc.com");
        await using var alex = await JsipTestClient.ConnectAsync(endpoints[0], "Alex@gortc.com");
        var bobRun = RunAsync(bobScript, bob);

        // Alex's MESSAGE must find Bob in the room: Bob subscribes first, as the reference's README has it.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var alexRun = RunAsync(alexScript, alex);
        var results = await Task.WhenAll(bobRun, alexRun);
        Assert.True(results[0].Passed && results[1].Passed, $"Bob: {results[0]}\nAlex: {results[1]}\n\n{_topology.Report()}");
    }

    /// <summary>
    /// The scripts reuse their DialogueIDs (aaa1, bbb1…): a request matching a transaction that ended a moment ago is
    /// absorbed as a retransmission, so each script waits until nothing is live and the previous one's transactions
    /// are forgotten.
    /// </summary>
    private async Task WaitQuietAsync()
    {
        await RuntimeProbe.WaitQuietAsync(_topology, TimeSpan.FromSeconds(20));
        await _topology.Pacing.WaitAsync();
    }

    private async Task<ScriptResult> RunAsync(string name, JsipTestClient client)
    {
        try
        {
            return await new JsipScriptRunner().RunAsync(
                JsipScript.Load(RepoPaths.ReferenceScript($"chatroom/{name}.json")),
                client,
                new ScriptRunOptions { Log = line => _output.WriteLine($"{client.Name}: {line}") });
        }
        finally
        {
            _topology.Pacing.ScriptEnded();
        }
    }
}

[Collection(ChatroomNodeCollection.Name)]
public sealed class ChatroomScriptsOnAllInOneNode : ChatroomScriptTests
{
    public ChatroomScriptsOnAllInOneNode(ChatroomNode node, ITestOutputHelper output)
        : base(node, output)
    {
    }

    [Theory]
    [MemberData(nameof(SingleScripts))]
    public Task Reference_chatroom_script_passes(string script) => RunSingleAsync(script, 0);

    [Theory]
    [MemberData(nameof(Pairs))]
    public Task Reference_chatroom_script_pair_passes(string bob, string alex) => RunPairAsync(bob, alex);
}

[Collection(ChatroomClusterCollection.Name)]
public sealed class ChatroomScriptsOnCluster : ChatroomScriptTests
{
    public ChatroomScriptsOnCluster(ChatroomCluster cluster, ITestOutputHelper output)
        : base(cluster, output)
    {
    }

    [Theory]
    [MemberData(nameof(SingleScripts))]
    public Task Reference_chatroom_script_passes_on_either_gateway(string script) => RunSingleAsync(script, script.Length);

    [Theory]
    [MemberData(nameof(Pairs))]
    public Task Reference_chatroom_script_pair_passes_with_users_on_different_gateways(string bob, string alex) => RunPairAsync(bob, alex);
}
