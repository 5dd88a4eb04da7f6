using GoRtc.EndToEnd.Tests.Fixtures;
using GoRtc.Testing;
using Xunit;
using Xunit.Abstractions;

namespace GoRtc.EndToEnd.Tests;

/// <summary>
/// The reference product's own stack scripts, unchanged, against GoRtc with the conformance SLP loaded as
/// <c>default</c>. Each script runs as user Alex@gortc.com (the scripts' From, which the SLP sends back to) on a
/// quiet node, since every script reuses DialogueID <c>abcdefgh</c>.
/// </summary>
public abstract class StackScriptTests
{
    private readonly IGoRtcTopology _topology;
    private readonly ITestOutputHelper _output;

    protected StackScriptTests(IGoRtcTopology topology, ITestOutputHelper output)
    {
        _topology = topology;
        _output = output;
    }

    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(RepoPaths.ReferenceScriptsDirectory, "stack"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(path));
        }

        return data;
    }

    protected async Task RunScriptAsync(string name, int gateway)
    {
        // Every script uses DialogueID abcdefgh: it starts on a quiet node, transtimer after the previous one ended
        // (the stack still remembers that one's answered requests).
        await RuntimeProbe.WaitQuietAsync(_topology, TimeSpan.FromSeconds(20));
        await _topology.Pacing.WaitAsync();
        var script = JsipScript.Load(RepoPaths.ReferenceScript($"stack/{name}.json"));
        var endpoint = _topology.RtcEndpoints[gateway % _topology.RtcEndpoints.Count];
        await using var client = await JsipTestClient.ConnectAsync(endpoint, "Alex@gortc.com");
        ScriptResult result;
        try
        {
            result = await new JsipScriptRunner().RunAsync(script, client, new ScriptRunOptions { Log = _output.WriteLine });
        }
        finally
        {
            _topology.Pacing.ScriptEnded();
        }

        // A script that only sends (recv_ack_no_session) proves the server survived by answering the next one; give
        // the server a moment to act on the last message before the socket closes.
        await Task.Delay(200);
        Assert.True(result.Passed, $"{result}\n\n{_topology.Report()}");
    }
}

[Collection(AllInOneCollection.Name)]
public sealed class StackScriptsOnAllInOneNode : StackScriptTests
{
    public StackScriptsOnAllInOneNode(AllInOneNode node, ITestOutputHelper output)
        : base(node, output)
    {
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public Task Reference_stack_script_passes(string script) => RunScriptAsync(script, 0);
}

[Collection(ClusterCollection.Name)]
public sealed class StackScriptsOnCluster : StackScriptTests
{
    public StackScriptsOnCluster(TwoByTwoCluster cluster, ITestOutputHelper output)
        : base(cluster, output)
    {
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public Task Reference_stack_script_passes_on_either_gateway(string script) =>
        RunScriptAsync(script, script.Length); // spreads the scripts over both gateways
}
