using System.Text.Json.Nodes;
using GoRtc.EndToEnd.Tests.Fixtures;
using GoRtc.Testing;
using Xunit;

namespace GoRtc.EndToEnd.Tests;

/// <summary>The script runner must fail loudly on a real mismatch, or a passing script proves nothing.</summary>
[Collection(AllInOneCollection.Name)]
public sealed class ScriptRunnerTests
{
    private readonly AllInOneNode _node;

    public ScriptRunnerTests(AllInOneNode node) => _node = node;

    [Fact]
    public async Task Runner_fails_when_the_server_answers_other_than_the_script_expects()
    {
        await RuntimeProbe.WaitQuietAsync(_node, TimeSpan.FromSeconds(20));
        var script = JsonNode.Parse(File.ReadAllText(RepoPaths.ReferenceScript("stack/recv_message.json")))!.AsArray();
        script[1]!["value"]!["Code"] = 404; // the server answers 200
        await using var client = await JsipTestClient.ConnectAsync(_node.RtcEndpoints[0], "Alex@gortc.com");

        var result = await new JsipScriptRunner().RunAsync(JsipScript.Parse(script.ToJsonString(), "recv_message (expects 404)"), client);

        Assert.False(result.Passed);
        Assert.Equal(ScriptFailureKind.Mismatch, result.FailureKind);
        Assert.Contains("404", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("\"Code\":200", result.FailureMessage, StringComparison.Ordinal);
    }
}
