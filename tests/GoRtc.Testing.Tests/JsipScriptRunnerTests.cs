using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using GoRtc.Testing.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GoRtc.Testing.Tests;

public sealed class JsipScriptRunnerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly JsipScriptRunner _runner = new();

    /// <summary>A peer that answers every request with <paramref name="code"/> and the request's CSeq and DialogueID.</summary>
    private static Func<TestPeer, Task> Answering(int code) => async peer =>
    {
        while (true)
        {
            JsonObject request;
            try
            {
                request = await peer.ReceiveJsonAsync(TimeSpan.FromSeconds(30));
            }
            catch (InvalidOperationException)
            {
                return; // the client closed
            }

            if ((string?)request["Type"] is "RESPONSE" or "ACK")
            {
                continue;
            }

            var response = new JsonObject
            {
                ["Type"] = "RESPONSE",
                ["Code"] = code,
                ["Request-URI"] = request["Request-URI"]?.DeepClone(),
                ["From"] = request["From"]?.DeepClone(),
                ["To"] = request["To"]?.DeepClone(),
                ["DialogueID"] = request["DialogueID"]?.DeepClone(),
                ["CSeq"] = request["CSeq"]?.DeepClone(),
            };
            await peer.SendAsync(response.ToJsonString());
        }
    };

    [Fact]
    public async Task A_request_answered_with_the_same_cseq_passes()
    {
        await using var server = await TestPeerServer.StartAsync(Answering(180));
        await using var client = await server.ConnectAsync();
        var script = JsipScript.Parse("""
            [
              {"type":"send","value":{"Type":"INVITE","Request-URI":"Recv_INVITE","From":"Alex@gortc.com","To":"Bob@gortc.com","DialogueID":"abcdefgh","CSeq":1}},
              {"type":"recv","timeout":"2s","value":{"Type":"RESPONSE","Code":180,"CSeq":1}}
            ]
            """, "ringing");

        var result = await _runner.RunAsync(script, client);

        result.EnsurePassed();
        Assert.True(result.Passed);
        Assert.Null(result.FailedStageIndex);
        Assert.Null(result.FailureMessage);
        Assert.False(result.EndedByEndStage);
        Assert.Equal(2, result.StagesRun);
        Assert.Collection(
            result.Transcript,
            e => Assert.Equal((0, ScriptDirection.Sent), (e.StageIndex, e.Direction)),
            e => Assert.Equal((1, ScriptDirection.Received), (e.StageIndex, e.Direction)));
    }

    [Fact]
    public async Task Reference_script_slp_not_find_passes_against_a_peer_answering_404()
    {
        await using var server = await TestPeerServer.StartAsync(Answering(404));
        await using var client = await server.ConnectAsync();

        var result = await _runner.RunAsync(JsipScript.Load(RepoPaths.ReferenceScript("stack/slp_not_find.json")), client);

        Assert.True(result.Passed, result.FailureMessage);
    }

    [Fact]
    public async Task A_real_mismatch_fails_loudly_with_the_expected_and_the_received_json()
    {
        string? sent = null;
        await using var server = await TestPeerServer.StartAsync(async peer =>
        {
            var request = await peer.ReceiveJsonAsync();
            sent = $$"""{"Type":"RESPONSE","Code":404,"CSeq":{{request["CSeq"]}},"DialogueID":"{{request["DialogueID"]}}","Reason":"SLP Not Found"}""";
            await peer.SendAsync(sent);
        });
        await using var client = await server.ConnectAsync();
        var script = JsipScript.Parse("""
            [
              {"type":"send","value":{"Type":"MESSAGE","Request-URI":"Recv_MESSAGE","From":"Alex@gortc.com","To":"Bob@gortc.com","DialogueID":"d1","CSeq":7}},
              {"type":"recv","timeout":"2s","tag":"final","value":{"Type":"RESPONSE","Code":200,"CSeq":7}}
            ]
            """, "expects-200");

        var result = await _runner.RunAsync(script, client);

        Assert.False(result.Passed);
        Assert.Equal(1, result.FailedStageIndex);
        Assert.Equal(ScriptFailureKind.Mismatch, result.FailureKind);
        var message = result.FailureMessage!;
        Assert.Contains("JSIP script 'expects-200' FAILED at stage[1] (recv, tag 'final', timeout 2s)", message, StringComparison.Ordinal);
        Assert.Contains("""{"Type":"RESPONSE","Code":200,"CSeq":7}""", message, StringComparison.Ordinal);
        Assert.Contains(sent!, message, StringComparison.Ordinal);
        Assert.Contains("\"Code\": expected 200 (number) but received 404 (number)", message, StringComparison.Ordinal);
        Assert.Contains("client 'Alex@gortc.com'", message, StringComparison.Ordinal);
        output.WriteLine(message);
        var thrown = Assert.Throws<JsipScriptFailedException>(() => result.EnsurePassed());
        Assert.Equal(message, thrown.Message);
        Assert.Same(result, thrown.Result);
        Assert.Equal(message, result.ToString());
    }

    [Fact]
    public async Task A_reference_script_fails_loudly_when_the_server_answers_differently()
    {
        await using var server = await TestPeerServer.StartAsync(Answering(200));
        await using var client = await server.ConnectAsync();

        var result = await _runner.RunAsync(JsipScript.Load(RepoPaths.ReferenceScript("stack/slp_not_find.json")), client);

        Assert.False(result.Passed);
        Assert.Equal(1, result.FailedStageIndex);
        Assert.Contains("\"Code\": expected 404 (number) but received 200 (number)", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("script file: ", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("stage[0] → {\"Type\":\"INVITE\"", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Captured_vars_are_substituted_with_their_json_type()
    {
        await using var server = await TestPeerServer.StartAsync(async peer =>
        {
            await peer.SendAsync("""{"Type":"UPDATE","CSeq":77,"DialogueID":"dlg-9","Expire":null,"Flag":true}""");
        });
        await using var client = await server.ConnectAsync();
        var script = JsipScript.Parse("""
            [
              {"type":"recv","timeout":"2s","value":{"Type":"UPDATE"},"vars":{"$cseq":"CSeq","$dlg":"DialogueID","$exp":"Expire","$flag":"Flag","$none":"Missing"}},
              {"type":"send","value":{"Type":"RESPONSE","Code":200,"CSeq":0,"Expire":5,"Body":"as written"},
               "vars":{"CSeq":"$cseq","DialogueID":"$dlg","Expire":"$exp","Body":"$none","Flag":"$flag"}}
            ]
            """, "vars");

        var result = await _runner.RunAsync(script, client);
        await client.CloseAsync();

        Assert.True(result.Passed, result.FailureMessage);
        var peer = await server.NextPeerAsync();
        await peer.Completion.WaitAsync(Wait);
        var answer = JsonNode.Parse(Assert.Single(peer.Received).Text)!.AsObject();
        Assert.Equal(JsonValueKind.Number, answer["CSeq"]!.GetValueKind());
        Assert.Equal(77, (int)answer["CSeq"]!);
        Assert.Equal("dlg-9", (string?)answer["DialogueID"]);
        Assert.Equal(5, (int)answer["Expire"]!);            // null was not captured: left as written
        Assert.Equal("as written", (string?)answer["Body"]); // never captured: left as written
        Assert.Equal(JsonValueKind.True, answer["Flag"]!.GetValueKind());
        Assert.Equal(["$cseq", "$dlg", "$flag"], result.Variables.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(JsonValueKind.Number, result.Variables["$cseq"].ValueKind);
    }

    [Fact]
    public async Task Recv_matches_partially_ignoring_extra_keys_and_comparing_nested_values_deeply()
    {
        await using var server = await TestPeerServer.StartAsync(async peer =>
        {
            await peer.SendAsync("""{"Type":"RESPONSE","Code":200,"CSeq":1,"Extra":"x","Nested":{"a":[1,2,{"b":true}],"c":"d"}}""");
            await peer.SendAsync("""{"Type":"RESPONSE","Code":200,"CSeq":2,"Nested":{"a":[1,2,{"b":true}]}}""");
        });
        await using var client = await server.ConnectAsync();
        var script = JsipScript.Parse("""
            [
              {"type":"recv","timeout":"2s","value":{"Code":200,"Nested":{"c":"d","a":[1,2,{"b":true}]}}},
              {"type":"recv","timeout":"2s","value":{"Code":200,"Nested":{"a":[1,2,{"b":"true"}]}}}
            ]
            """, "nested");

        var result = await _runner.RunAsync(script, client);

        Assert.False(result.Passed);
        Assert.Equal(1, result.FailedStageIndex);
        Assert.Contains("\"Nested\": expected {\"a\":[1,2,{\"b\":\"true\"}]} (object) but received {\"a\":[1,2,{\"b\":true}]} (object)", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recv_is_type_sensitive()
    {
        await using var server = await TestPeerServer.StartAsync(peer => peer.SendAsync("""{"Type":"RESPONSE","Code":200,"CSeq":1}"""));
        await using var client = await server.ConnectAsync();

        var result = await _runner.RunAsync(JsipScript.Parse("""[{"type":"recv","timeout":"2s","value":{"Code":"200"}}]"""), client);

        Assert.Equal(ScriptFailureKind.Mismatch, result.FailureKind);
        Assert.Contains("\"Code\": expected \"200\" (string) but received 200 (number)", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recv_timeout_fails_naming_the_stage()
    {
        await using var server = await TestPeerServer.StartAsync();
        await using var client = await server.ConnectAsync();
        var script = JsipScript.Parse("""
            [
              {"type":"send","value":{"Type":"OPTIONS","CSeq":1}},
              {"type":"recv","timeout":"300ms","tag":"wait-ringing","value":{"Type":"RESPONSE","Code":180}}
            ]
            """, "silent-peer");

        var stopwatch = Stopwatch.StartNew();
        var result = await _runner.RunAsync(script, client);

        Assert.False(result.Passed);
        Assert.Equal(1, result.FailedStageIndex);
        Assert.Equal(ScriptFailureKind.Timeout, result.FailureKind);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(280), TimeSpan.FromSeconds(5));
        var message = result.FailureMessage!;
        Assert.Contains("stage[1] (recv, tag 'wait-ringing', timeout 300ms)", message, StringComparison.Ordinal);
        Assert.Contains("timeout after 300ms (the stage's timeout)", message, StringComparison.Ordinal);
        Assert.Contains("""{"Type":"RESPONSE","Code":180}""", message, StringComparison.Ordinal);
        Assert.Contains("received during this stage: nothing", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recv_without_timeout_uses_the_default_from_the_options()
    {
        await using var server = await TestPeerServer.StartAsync();
        await using var client = await server.ConnectAsync();

        var result = await _runner.RunAsync(
            JsipScript.Parse("""[{"type":"recv","value":{"Type":"NOTIFY"}}]"""),
            client,
            new ScriptRunOptions { DefaultRecvTimeout = TimeSpan.FromMilliseconds(250) });

        Assert.Equal(ScriptFailureKind.Timeout, result.FailureKind);
        Assert.Contains("timeout after 250ms (ScriptRunOptions.DefaultRecvTimeout", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_optional_recv_that_times_out_passes_and_does_not_swallow_the_next_message()
    {
        await using var server = await TestPeerServer.StartAsync(async peer =>
        {
            await peer.ReceiveJsonAsync();
            await Task.Delay(500);
            await peer.SendAsync("""{"Type":"MESSAGE","CSeq":9}""");
        });
        await using var client = await server.ConnectAsync();
        var script = JsipScript.Parse("""
            [
              {"type":"send","value":{"Type":"OPTIONS","CSeq":1}},
              {"type":"recv","timeout":"200ms","option":true,"value":{"Type":"NEVER"}},
              {"type":"recv","timeout":"5s","value":{"Type":"MESSAGE","CSeq":9}}
            ]
            """, "optional");

        var result = await _runner.RunAsync(script, client);

        Assert.True(result.Passed, result.FailureMessage);
        var received = Assert.Single(result.Transcript, e => e.Direction == ScriptDirection.Received);
        Assert.Equal(2, received.StageIndex);
    }

    [Fact]
    public async Task An_optional_recv_still_fails_on_a_non_matching_message()
    {
        await using var server = await TestPeerServer.StartAsync(peer => peer.SendAsync("""{"Type":"NOTIFY"}"""));
        await using var client = await server.ConnectAsync();

        var result = await _runner.RunAsync(
            JsipScript.Parse("""[{"type":"recv","timeout":"2s","option":true,"value":{"Type":"MESSAGE"}}]"""), client);

        Assert.Equal(ScriptFailureKind.Mismatch, result.FailureKind);
    }

    [Fact]
    public async Task A_send_waits_its_timeout_before_sending()
    {
        await using var server = await TestPeerServer.StartAsync();
        await using var client = await server.ConnectAsync();
        var script = JsipScript.Parse("""
            [
              {"type":"send","value":{"Type":"MESSAGE","CSeq":1}},
              {"type":"send","timeout":"300ms","value":{"Type":"MESSAGE","CSeq":2}}
            ]
            """, "delayed");

        var result = await _runner.RunAsync(script, client);
        await client.CloseAsync();

        Assert.True(result.Passed, result.FailureMessage);
        Assert.True(result.Elapsed >= TimeSpan.FromMilliseconds(300), $"elapsed {result.Elapsed}");
        Assert.True(result.Transcript[1].At - result.Transcript[0].At >= TimeSpan.FromMilliseconds(300));
        var peer = await server.NextPeerAsync();
        await peer.Completion.WaitAsync(Wait);
        Assert.Equal(2, peer.Received.Count);
        Assert.True(peer.Received[1].At - peer.Received[0].At >= TimeSpan.FromMilliseconds(250), $"gap {peer.Received[1].At - peer.Received[0].At}");
    }

    [Fact]
    public async Task End_stops_the_script_with_success()
    {
        await using var server = await TestPeerServer.StartAsync();
        await using var client = await server.ConnectAsync();
        var script = JsipScript.Parse("""
            [
              {"type":"send","value":{"Type":"MESSAGE","CSeq":1}},
              {"type":"if","vars":{"$x":"y"}},
              {"type":"end"},
              {"type":"send","value":{"Type":"MESSAGE","CSeq":2}},
              {"type":"recv","value":{"Type":"NEVER"}}
            ]
            """, "ends");

        var result = await _runner.RunAsync(script, client);
        await client.CloseAsync();

        Assert.True(result.Passed);
        Assert.True(result.EndedByEndStage);
        Assert.Equal(3, result.StagesRun);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(5));
        var peer = await server.NextPeerAsync();
        await peer.Completion.WaitAsync(Wait);
        Assert.Equal("""{"Type":"MESSAGE","CSeq":1}""", Assert.Single(peer.Received).Text);
    }

    [Fact]
    public async Task Strict_ordering_fails_at_the_first_non_matching_message_unless_skipping_is_chosen()
    {
        static Task Behaviour(TestPeer peer) => SendBothAsync(peer);
        static async Task SendBothAsync(TestPeer peer)
        {
            await peer.SendAsync("""{"Type":"NOTIFY","CSeq":5}""");
            await peer.SendAsync("""{"Type":"RESPONSE","Code":200,"CSeq":1}""");
        }

        var script = JsipScript.Parse("""[{"type":"recv","timeout":"2s","value":{"Type":"RESPONSE","Code":200}}]""", "ordering");

        await using (var server = await TestPeerServer.StartAsync(Behaviour))
        await using (var client = await server.ConnectAsync())
        {
            var strict = await _runner.RunAsync(script, client);
            Assert.Equal(ScriptFailureKind.Mismatch, strict.FailureKind);
            Assert.Contains("""#1 {"Type":"NOTIFY","CSeq":5}""", strict.FailureMessage, StringComparison.Ordinal);
            Assert.Contains("\"Type\": expected \"RESPONSE\" (string) but received \"NOTIFY\" (string)", strict.FailureMessage, StringComparison.Ordinal);
        }

        await using (var server = await TestPeerServer.StartAsync(Behaviour))
        await using (var client = await server.ConnectAsync())
        {
            var lenient = await _runner.RunAsync(script, client, new ScriptRunOptions { UnmatchedMessages = UnmatchedMessagePolicy.Skip });
            Assert.True(lenient.Passed, lenient.FailureMessage);
            Assert.Equal(2, lenient.Transcript.Count);
        }
    }

    [Fact]
    public async Task Skipped_messages_are_all_quoted_when_the_stage_times_out()
    {
        await using var server = await TestPeerServer.StartAsync(async peer =>
        {
            await peer.SendAsync("""{"Type":"NOTIFY","CSeq":5}""");
            await peer.SendAsync("""{"Type":"RESPONSE","Code":486,"CSeq":1}""");
        });
        await using var client = await server.ConnectAsync();

        var result = await _runner.RunAsync(
            JsipScript.Parse("""[{"type":"recv","timeout":"500ms","value":{"Type":"RESPONSE","Code":200}}]"""),
            client,
            new ScriptRunOptions { UnmatchedMessages = UnmatchedMessagePolicy.Skip });

        Assert.Equal(ScriptFailureKind.Timeout, result.FailureKind);
        Assert.Contains("received during this stage (2 messages):", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("""#2 {"Type":"RESPONSE","Code":486,"CSeq":1}""", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_closed_during_a_recv_fails_at_once_with_the_close_status()
    {
        await using var server = await TestPeerServer.StartAsync(async peer =>
        {
            await peer.ReceiveJsonAsync();
            await peer.CloseAsync(WebSocketCloseStatus.PolicyViolation, "go away");
        });
        await using var client = await server.ConnectAsync();
        var script = JsipScript.Parse("""
            [
              {"type":"send","value":{"Type":"OPTIONS","CSeq":1}},
              {"type":"recv","timeout":"20s","option":true,"value":{"Type":"RESPONSE"}}
            ]
            """, "closed");

        var result = await _runner.RunAsync(script, client);

        Assert.Equal(ScriptFailureKind.ConnectionClosed, result.FailureKind);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(10), $"elapsed {result.Elapsed}");
        Assert.Contains("connection closed by the server: status 1008 PolicyViolation, reason 'go away'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_send_on_a_closed_connection_fails_the_stage()
    {
        await using var server = await TestPeerServer.StartAsync(peer => peer.CloseAsync(WebSocketCloseStatus.NormalClosure, "done"));
        await using var client = await server.ConnectAsync();
        Assert.True(await client.WaitForCloseAsync(Wait));

        var result = await _runner.RunAsync(JsipScript.Parse("""[{"type":"send","tag":"late","value":{"Type":"BYE"}}]"""), client);

        Assert.Equal(ScriptFailureKind.SendFailed, result.FailureKind);
        Assert.Contains("stage[0] (send, tag 'late')", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("""{"Type":"BYE"}""", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("array")]
    [InlineData("binary")]
    public async Task A_message_that_is_not_a_json_object_fails(string kind)
    {
        await using var server = await TestPeerServer.StartAsync(peer => kind switch
        {
            "text" => peer.SendAsync("hello"),
            "array" => peer.SendAsync("[1,2]"),
            _ => peer.SendBinaryAsync([1, 2, 3]),
        });
        await using var client = await server.ConnectAsync();

        var result = await _runner.RunAsync(JsipScript.Parse("""[{"type":"recv","timeout":"2s","value":{"Type":"MESSAGE"}}]"""), client);

        Assert.Equal(ScriptFailureKind.NotJsonObject, result.FailureKind);
        Assert.Contains("is not a JSON object", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_frame_is_logged()
    {
        await using var server = await TestPeerServer.StartAsync(Answering(200));
        await using var client = await server.ConnectAsync();
        var lines = new ConcurrentQueue<string>();

        var result = await _runner.RunAsync(
            JsipScript.Parse("""[{"type":"send","value":{"Type":"MESSAGE","CSeq":3}},{"type":"recv","timeout":"2s","value":{"Code":200}}]""", "logged"),
            client,
            new ScriptRunOptions { Log = lines.Enqueue });

        Assert.True(result.Passed, result.FailureMessage);
        Assert.Contains(lines, l => l.StartsWith("[Alex@gortc.com] logged: stage[0] (send, tag none) → {\"Type\":\"MESSAGE\",\"CSeq\":3}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("stage[1] (recv, tag none, timeout 2s) ← {\"Type\":\"RESPONSE\",\"Code\":200", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Frames_also_go_to_an_ilogger()
    {
        await using var server = await TestPeerServer.StartAsync(Answering(200));
        await using var client = await server.ConnectAsync();
        var logger = new CollectingLogger();

        var result = await _runner.RunAsync(
            JsipScript.Parse("""[{"type":"send","value":{"Type":"MESSAGE","CSeq":3}},{"type":"recv","timeout":"2s","value":{"Code":200}}]""", "logged"),
            client,
            new ScriptRunOptions { Logger = logger, Log = output.WriteLine });

        Assert.True(result.Passed, result.FailureMessage);
        Assert.Contains(logger.Lines, l => l.Contains("→ {\"Type\":\"MESSAGE\",\"CSeq\":3}", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.Contains("← {\"Type\":\"RESPONSE\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancellation_throws()
    {
        await using var server = await TestPeerServer.StartAsync();
        await using var client = await server.ConnectAsync();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _runner.RunAsync(JsipScript.Parse("""[{"type":"recv","timeout":"20s","value":{}}]"""), client, null, cancellation.Token));
    }

    private sealed class CollectingLogger : Microsoft.Extensions.Logging.ILogger
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(
            Microsoft.Extensions.Logging.LogLevel logLevel,
            Microsoft.Extensions.Logging.EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter) => _lines.Enqueue(formatter(state, exception));
    }
}
