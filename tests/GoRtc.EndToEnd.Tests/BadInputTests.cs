using System.Text;
using System.Text.Json;
using GoRtc.EndToEnd.Tests.Fixtures;
using GoRtc.Jsip;
using GoRtc.Testing;
using Xunit;

namespace GoRtc.EndToEnd.Tests;

/// <summary>
/// Protocol decision 1 over a real socket: a bad request that can be answered gets 400 with a <c>Reason</c>; any other
/// bad input is dropped; either way the connection and the server keep serving. Driven by the same corpus as the
/// codec's unit tests.
/// </summary>
[Collection(AllInOneCollection.Name)]
public sealed class BadInputTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);
    private readonly AllInOneNode _node;

    public BadInputTests(AllInOneNode node) => _node = node;

    [Fact]
    public async Task Every_bad_corpus_message_gets_its_specified_answer_and_the_connection_keeps_serving()
    {
        await using var client = await JsipTestClient.ConnectAsync(_node.RtcEndpoints[0], "Mallory@gortc.com");
        var expectedAnswers = new List<(string Name, JsipRejection Rejection, JsonElement Raw)>();
        foreach (var entry in CorpusEntries())
        {
            if (entry.Text is { } text)
            {
                await client.SendTextAsync(text);
            }
            else
            {
                await client.SendBinaryAsync(entry.Bytes);
            }

            if (entry.CanAnswer)
            {
                expectedAnswers.Add((entry.Name, entry.Rejection, JsonDocument.Parse(entry.Bytes).RootElement.Clone()));
            }
        }

        foreach (var (name, rejection, raw) in expectedAnswers)
        {
            var answer = await client.ReceiveAsync(TimeSpan.FromSeconds(5));
            Assert.True(answer is not null, $"{name}: no 400 received\n{_node.Report()}");
            var json = answer.Json!.Value;
            Assert.Equal("RESPONSE", json.GetProperty("Type").GetString());
            Assert.Equal(400, json.GetProperty("Code").GetInt32());
            Assert.Equal(rejection.ToReason(), json.GetProperty("Reason").GetString());
            Assert.Equal(raw.GetProperty("DialogueID").GetString(), json.GetProperty("DialogueID").GetString());
            Assert.Equal(raw.GetProperty("CSeq").GetDouble(), json.GetProperty("CSeq").GetDouble());
        }

        Assert.Null(await client.ReceiveAsync(Quiet)); // nothing for the inputs that cannot be answered
        await AssertStillServesAsync(client);
    }

    [Fact]
    public async Task Oversized_frame_is_discarded_and_the_connection_keeps_serving()
    {
        await using var client = await JsipTestClient.ConnectAsync(_node.RtcEndpoints[0], "Mallory@gortc.com");
        var big = $$"""{"Type":"MESSAGE","Request-URI":"Recv_MESSAGE","From":"a","To":"b","CSeq":1,"DialogueID":"big","Body":"{{new string('x', 1024 * 1024)}}"}""";
        await client.SendTextAsync(big);
        Assert.Null(await client.ReceiveAsync(Quiet));
        await AssertStillServesAsync(client);
    }

    [Fact]
    public async Task Binary_frame_holding_a_jsip_message_is_accepted()
    {
        await RuntimeProbe.WaitQuietAsync(_node, TimeSpan.FromSeconds(20));
        await using var client = await JsipTestClient.ConnectAsync(_node.RtcEndpoints[0], "Mallory@gortc.com");
        await client.SendBinaryAsync(Encoding.UTF8.GetBytes(RecvMessage($"bin-{Guid.NewGuid():N}")));
        var answer = await client.ReceiveAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(200, answer?.Json?.GetProperty("Code").GetInt32());
    }

    [Fact]
    public async Task Ten_thousand_stray_responses_are_dropped_and_the_server_keeps_serving()
    {
        await using var client = await JsipTestClient.ConnectAsync(_node.RtcEndpoints[0], "Mallory@gortc.com");
        for (var i = 0; i < 10_000; i++)
        {
            await client.SendTextAsync($$"""{"Type":"RESPONSE","Code":200,"From":"a","To":"b","CSeq":{{i + 1}},"DialogueID":"stray-{{i}}"}""");
        }

        await AssertStillServesAsync(client, TimeSpan.FromSeconds(60));
        Assert.Null(await client.ReceiveAsync(Quiet));
        Assert.False(_node.Process.HasExited);
    }

    [Fact]
    public async Task Handshake_without_userid_is_refused_with_400_and_a_reason()
    {
        using var http = new HttpClient();
        var endpoint = new Uri(_node.RtcEndpoints[0].Replace("ws://", "http://", StringComparison.Ordinal));
        using var response = await http.GetAsync(endpoint);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Missing userid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string RecvMessage(string dialogueId) =>
        $$"""{"Type":"MESSAGE","Request-URI":"Recv_MESSAGE","From":"Mallory@gortc.com","To":"Bob@gortc.com","CSeq":1,"DialogueID":"{{dialogueId}}"}""";

    private async Task AssertStillServesAsync(JsipTestClient client, TimeSpan? timeout = null)
    {
        var dialogueId = $"alive-{Guid.NewGuid():N}";
        await client.SendTextAsync(RecvMessage(dialogueId));
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (DateTime.UtcNow < deadline)
        {
            var answer = await client.ReceiveAsync(deadline - DateTime.UtcNow);
            if (answer?.Json is { } json && json.TryGetProperty("DialogueID", out var d) && d.GetString() == dialogueId)
            {
                Assert.Equal(200, json.GetProperty("Code").GetInt32());
                return;
            }

            Assert.True(answer is not null, $"No answer to a valid MESSAGE\n{_node.Report()}");
        }

        Assert.Fail("No answer to a valid MESSAGE in time");
    }

    private static IEnumerable<CorpusEntry> CorpusEntries()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Corpus", "jsip-corpus.json")));
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            var expect = entry.GetProperty("expect").GetString()!;
            if (expect == "Ok" || entry.TryGetProperty("maxFrameBytes", out _))
            {
                continue; // valid messages are the scripts' business; frame limits are tested above
            }

            var text = entry.TryGetProperty("raw", out var raw) ? raw.GetString() : null;
            var bytes = text is not null ? Encoding.UTF8.GetBytes(text) : Convert.FromBase64String(entry.GetProperty("rawBase64").GetString()!);
            yield return new CorpusEntry(
                entry.GetProperty("name").GetString()!,
                Enum.Parse<JsipRejection>(expect),
                entry.GetProperty("canAnswer").GetBoolean(),
                text,
                bytes);
        }
    }

    private sealed record CorpusEntry(string Name, JsipRejection Rejection, bool CanAnswer, string? Text, byte[] Bytes);
}
