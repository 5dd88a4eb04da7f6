using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using GoRtc.EndToEnd.Tests.Fixtures;
using GoRtc.Testing;
using Xunit;
using static GoRtc.EndToEnd.Tests.Fixtures.JsipClientExtensions;

namespace GoRtc.EndToEnd.Tests;

/// <summary>
/// The call SLP (<c>type=call</c>) between a caller and a callee connected to different gateways of the
/// 2 gateways + 2 silos cluster: what each side sends reaches the other once, untouched, and what each stack answers by
/// itself is not answered twice.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CallTests
{
    private const string Call = "gortc.com;type=call";
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(700);
    private readonly TwoByTwoCluster _cluster;

    public CallTests(TwoByTwoCluster cluster) => _cluster = cluster;

    [Fact]
    public async Task Full_call_relays_every_request_and_response_both_ways_and_the_callers_BYE_ends_both_legs()
    {
        await using var call = await CallPair.ConnectAsync(_cluster);
        var (caller, callee, alex, bob, a) = (call.Caller, call.Callee, call.Alex, call.Bob, call.Dialogue);

        var offer = Sdp("offer 1");
        var invite = Request("INVITE", bob, alex, bob, a, 1, Call);
        invite["Body"] = offer.DeepClone();
        invite["Content-Type"] = "application/sdp";
        invite["X-Call-Trace"] = "trace-42";
        await caller.SendAsync(invite);
        var b = await callee.ExpectAsync("INVITE");
        var calleeDialogue = b.GetProperty("DialogueID").GetString();
        Assert.NotEqual(a, calleeDialogue);
        Assert.Equal(bob, b.GetProperty("Request-URI").GetString());
        Assert.False(b.TryGetProperty("Router", out _), "the callee's leg must not carry the caller's Router");
        AssertBody(offer, b);
        Assert.Equal("application/sdp", b.GetProperty("Content-Type").GetString());
        Assert.Equal("trace-42", b.GetProperty("X-Call-Trace").GetString());

        await callee.SendAsync(ResponseTo(b, 180));
        await caller.ExpectAsync("RESPONSE", 180);

        // Early UPDATE, caller → callee and callee → caller.
        await RoundTripAsync(caller, callee, Request("UPDATE", bob, alex, bob, a, 2), "UPDATE", Sdp("early offer A"), Sdp("early answer B"));
        await RoundTripAsync(callee, caller, Request("UPDATE", alex, bob, alex, calleeDialogue!, 1), "UPDATE", Sdp("early offer B"), Sdp("early answer A"));

        var answer = Sdp("answer 1");
        var ok = ResponseTo(b, 200);
        ok["Body"] = answer.DeepClone();
        ok["Content-Type"] = "application/sdp";
        await callee.SendAsync(ok);
        var okAtCaller = await caller.ExpectAsync("RESPONSE", 200);
        Assert.Equal(1, okAtCaller.GetProperty("CSeq").GetInt32());
        Assert.Equal(a, okAtCaller.GetProperty("DialogueID").GetString());
        AssertBody(answer, okAtCaller);
        Assert.Equal("application/sdp", okAtCaller.GetProperty("Content-Type").GetString());
        await caller.SendAsync(Request("ACK", bob, alex, bob, a, 3));
        await callee.ExpectAsync("ACK");

        // The caller's re-INVITE with a new offer.
        await RoundTripAsync(caller, callee, Request("INVITE", bob, alex, bob, a, 4), "INVITE", Sdp("offer 2"), Sdp("answer 2"));
        await caller.SendAsync(Request("ACK", bob, alex, bob, a, 5));
        await callee.ExpectAsync("ACK");

        // The callee's re-INVITE.
        await RoundTripAsync(callee, caller, Request("INVITE", alex, bob, alex, calleeDialogue!, 2), "INVITE", Sdp("offer 3"), Sdp("answer 3"));
        await callee.SendAsync(Request("ACK", alex, bob, alex, calleeDialogue!, 3));
        await caller.ExpectAsync("ACK");

        // INFO both ways.
        await RoundTripAsync(caller, callee, Request("INFO", bob, alex, bob, a, 6), "INFO", JsonValue.Create("dtmf 1"), JsonValue.Create("got 1"));
        await RoundTripAsync(callee, caller, Request("INFO", alex, bob, alex, calleeDialogue!, 4), "INFO", JsonValue.Create("dtmf 2"), JsonValue.Create("got 2"));

        await caller.SendAsync(Request("BYE", bob, alex, bob, a, 7));
        Assert.Equal(7, (await caller.ExpectAsync("RESPONSE", 200)).GetProperty("CSeq").GetInt32());
        var bye = await callee.ExpectAsync("BYE");
        Assert.Equal(calleeDialogue, bye.GetProperty("DialogueID").GetString());
        await callee.SendAsync(ResponseTo(bye, 200));

        await AssertNothingMoreAsync(caller, callee);
        await RuntimeProbe.WaitQuietAsync(_cluster, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Callee_hanging_up_ends_the_callers_leg()
    {
        await using var call = await CallPair.ConnectAsync(_cluster);
        var b = await call.AnswerAsync();
        var calleeDialogue = b.GetProperty("DialogueID").GetString()!;

        await call.Callee.SendAsync(Request("BYE", call.Alex, call.Bob, call.Alex, calleeDialogue, 10));
        Assert.Equal(10, (await call.Callee.ExpectAsync("RESPONSE", 200)).GetProperty("CSeq").GetInt32());
        var bye = await call.Caller.ExpectAsync("BYE");
        Assert.Equal(call.Dialogue, bye.GetProperty("DialogueID").GetString());
        await call.Caller.SendAsync(ResponseTo(bye, 200));

        await AssertNothingMoreAsync(call.Caller, call.Callee);
        await RuntimeProbe.WaitQuietAsync(_cluster, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Caller_CANCEL_while_ringing_cancels_the_callee_and_gives_the_caller_exactly_one_final_487()
    {
        await using var call = await CallPair.ConnectAsync(_cluster);
        await call.Caller.SendAsync(Request("INVITE", call.Bob, call.Alex, call.Bob, call.Dialogue, 1, Call, "offer"));
        var b = await call.Callee.ExpectAsync("INVITE");
        await call.Callee.SendAsync(ResponseTo(b, 180));
        await call.Caller.ExpectAsync("RESPONSE", 180);

        await call.Caller.SendAsync(Request("CANCEL", call.Bob, call.Alex, call.Bob, call.Dialogue, 2));
        var answers = new[] { await call.Caller.ExpectAsync("RESPONSE"), await call.Caller.ExpectAsync("RESPONSE") };
        Assert.Contains(answers, r => r.GetProperty("Code").GetInt32() == 200 && r.GetProperty("CSeq").GetInt32() == 2);
        Assert.Contains(answers, r => r.GetProperty("Code").GetInt32() == 487 && r.GetProperty("CSeq").GetInt32() == 1);

        var cancel = await call.Callee.ExpectAsync("CANCEL");
        Assert.Equal(b.GetProperty("DialogueID").GetString(), cancel.GetProperty("DialogueID").GetString());
        await call.Callee.SendAsync(ResponseTo(cancel, 200));
        await call.Callee.SendAsync(ResponseTo(b, 487));
        await call.Callee.ExpectAsync("ACK"); // the stack acknowledges the callee's 487 on its own leg
        await call.Caller.SendAsync(Request("ACK", call.Bob, call.Alex, call.Bob, call.Dialogue, 3));

        await AssertNothingMoreAsync(call.Caller, call.Callee);
        await RuntimeProbe.WaitQuietAsync(_cluster, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Callee_who_is_not_connected_gets_the_caller_480_with_a_Reason_at_once()
    {
        var alex = Unique("Alex");
        var bob = Unique("Bob");
        await using (var away = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[1], bob))
        {
            await away.CloseAsync(); // connected once: requests to Bob would now wait in his outbox
        }

        await using var caller = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[0], alex);
        await Task.Delay(300); // the gateway reports the closed socket to Bob's grain
        foreach (var callee in new[] { bob, Unique("Nobody") })
        {
            var dialogue = $"call-{Guid.NewGuid():N}";
            var clock = Stopwatch.StartNew();
            await caller.SendAsync(Request("INVITE", callee, alex, callee, dialogue, 1, Call, "offer"));
            var refused = await caller.ExpectAsync("RESPONSE", 480);
            clock.Stop();
            Assert.True(clock.Elapsed < TestTimers.TransactionTimeout / 2, $"480 took {clock.Elapsed}");
            Assert.Equal(dialogue, refused.GetProperty("DialogueID").GetString());
            Assert.Contains("not connected", refused.GetProperty("Reason").GetString(), StringComparison.Ordinal);
            await caller.SendAsync(Request("ACK", callee, alex, callee, dialogue, 2));
        }

        await AssertNothingMoreAsync(caller);
        await RuntimeProbe.WaitQuietAsync(_cluster, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Callee_refusing_with_486_gives_the_caller_486_and_each_ACK_stays_on_its_leg()
    {
        await using var call = await CallPair.ConnectAsync(_cluster);
        await call.Caller.SendAsync(Request("INVITE", call.Bob, call.Alex, call.Bob, call.Dialogue, 1, Call, "offer"));
        var b = await call.Callee.ExpectAsync("INVITE");
        var busy = ResponseTo(b, 486);
        busy["Reason"] = "Bob is on another call";
        await call.Callee.SendAsync(busy);
        await call.Callee.ExpectAsync("ACK");
        var refused = await call.Caller.ExpectAsync("RESPONSE", 486);
        Assert.Equal("Bob is on another call", refused.GetProperty("Reason").GetString());
        await call.Caller.SendAsync(Request("ACK", call.Bob, call.Alex, call.Bob, call.Dialogue, 2));

        await AssertNothingMoreAsync(call.Caller, call.Callee);
        await RuntimeProbe.WaitQuietAsync(_cluster, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task ReINVITE_refused_by_the_other_side_is_refused_to_the_sender_and_the_call_goes_on()
    {
        await using var call = await CallPair.ConnectAsync(_cluster);
        await call.AnswerAsync();

        await call.Caller.SendAsync(Request("INVITE", call.Bob, call.Alex, call.Bob, call.Dialogue, 4, body: "offer 2"));
        var reInvite = await call.Callee.ExpectAsync("INVITE");
        await call.Callee.SendAsync(ResponseTo(reInvite, 488));
        await call.Callee.ExpectAsync("ACK"); // from the stack of the callee's leg
        Assert.Equal(4, (await call.Caller.ExpectAsync("RESPONSE", 488)).GetProperty("CSeq").GetInt32());
        await call.Caller.SendAsync(Request("ACK", call.Bob, call.Alex, call.Bob, call.Dialogue, 5)); // not relayed: the callee has its ACK
        await AssertNothingMoreAsync(call.Caller, call.Callee);

        await RoundTripAsync(call.Caller, call.Callee, Request("INFO", call.Bob, call.Alex, call.Bob, call.Dialogue, 6), "INFO", JsonValue.Create("still here"), null);
        await call.HangUpAsync(7);
        await RuntimeProbe.WaitQuietAsync(_cluster, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task PRACK_for_a_provisional_response_is_relayed_to_the_callee_and_its_answer_back()
    {
        await using var call = await CallPair.ConnectAsync(_cluster);
        await call.Caller.SendAsync(Request("INVITE", call.Bob, call.Alex, call.Bob, call.Dialogue, 1, Call, "offer"));
        var b = await call.Callee.ExpectAsync("INVITE");
        await call.Callee.SendAsync(ResponseTo(b, 183, "early media"));
        Assert.Equal("early media", (await call.Caller.ExpectAsync("RESPONSE", 183)).GetProperty("Body").GetString());

        var prack = Request("PRACK", call.Bob, call.Alex, call.Bob, call.Dialogue, 2);
        prack["RelatedID"] = 1;
        await RoundTripAsync(call.Caller, call.Callee, prack, "PRACK", JsonValue.Create("prack"), JsonValue.Create("prack ok"), relayed =>
            Assert.Equal(b.GetProperty("CSeq").GetUInt32(), relayed.GetProperty("RelatedID").GetUInt32()));

        await call.Callee.SendAsync(ResponseTo(b, 200, "answer"));
        await call.Caller.ExpectAsync("RESPONSE", 200);
        await call.Caller.SendAsync(Request("ACK", call.Bob, call.Alex, call.Bob, call.Dialogue, 3));
        await call.Callee.ExpectAsync("ACK");
        await call.HangUpAsync(4);
        await RuntimeProbe.WaitQuietAsync(_cluster, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Request_that_is_not_a_call_to_a_user_id_is_refused_with_a_Reason()
    {
        var alex = Unique("Alex");
        await using var caller = await JsipTestClient.ConnectAsync(_cluster.RtcEndpoints[0], alex);

        // A Request-URI without a user part.
        var noUser = $"call-{Guid.NewGuid():N}";
        await caller.SendAsync(Request("INVITE", "gortc.com", alex, "gortc.com", noUser, 1, Call));
        var refused = await caller.ExpectAsync("RESPONSE", 400);
        Assert.Contains("not a user id", refused.GetProperty("Reason").GetString(), StringComparison.Ordinal);
        await caller.SendAsync(Request("ACK", "gortc.com", alex, "gortc.com", noUser, 2));

        // A Request-URI that is not a URI at all.
        var malformed = $"call-{Guid.NewGuid():N}";
        await caller.SendAsync(Request("INVITE", "a@b@c", alex, "x", malformed, 1, Call));
        Assert.Contains("not a user id", (await caller.ExpectAsync("RESPONSE", 400)).GetProperty("Reason").GetString(), StringComparison.Ordinal);
        await caller.SendAsync(Request("ACK", "a@b@c", alex, "x", malformed, 2));

        // Not an INVITE.
        var message = $"call-{Guid.NewGuid():N}";
        await caller.SendAsync(Request("MESSAGE", Unique("Bob"), alex, "x", message, 1, Call, "hi"));
        Assert.Contains("INVITE only", (await caller.ExpectAsync("RESPONSE", 405)).GetProperty("Reason").GetString(), StringComparison.Ordinal);

        await AssertNothingMoreAsync(caller);
        await RuntimeProbe.WaitQuietAsync(_cluster, TimeSpan.FromSeconds(20));
    }

    /// <summary>
    /// <paramref name="request"/> from <paramref name="from"/> arrives at <paramref name="to"/> once, body untouched;
    /// <paramref name="to"/>'s 200 (with <paramref name="answer"/>) comes back once to <paramref name="from"/>.
    /// </summary>
    private static async Task RoundTripAsync(
        JsipTestClient from, JsipTestClient to, JsonObject request, string method, JsonNode? offer, JsonNode? answer, Action<JsonElement>? check = null)
    {
        request["Body"] = offer?.DeepClone();
        request["Content-Type"] = "application/sdp";
        await from.SendAsync(request);
        var relayed = await to.ExpectAsync(method);
        Assert.NotEqual(request["DialogueID"]!.GetValue<string>(), relayed.GetProperty("DialogueID").GetString());
        AssertBody(offer, relayed);
        Assert.Equal("application/sdp", relayed.GetProperty("Content-Type").GetString());
        check?.Invoke(relayed);

        var ok = ResponseTo(relayed, 200);
        ok["Body"] = answer?.DeepClone();
        await to.SendAsync(ok);
        var back = await from.ExpectAsync("RESPONSE", 200);
        Assert.Equal(request["CSeq"]!.GetValue<int>(), back.GetProperty("CSeq").GetInt32());
        Assert.Equal(request["DialogueID"]!.GetValue<string>(), back.GetProperty("DialogueID").GetString());
        AssertBody(answer, back);
    }

    private static void AssertBody(JsonNode? expected, JsonElement message)
    {
        if (expected is null)
        {
            Assert.False(message.TryGetProperty("Body", out var body) && body.ValueKind != JsonValueKind.Null, $"unexpected Body in {message}");
            return;
        }

        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(message.GetProperty("Body").GetRawText())), $"Body changed: {message}");
    }

    /// <summary>No message (a duplicate, a stray answer) reaches any of <paramref name="clients"/> within a short window.</summary>
    private static async Task AssertNothingMoreAsync(params JsipTestClient[] clients)
    {
        foreach (var client in clients)
        {
            var extra = await client.ReceiveAsync(Quiet);
            Assert.True(extra is null, $"{client.Name}: unexpected {extra?.Text}");
        }
    }

    private static JsonObject Sdp(string version) => new()
    {
        ["type"] = version.StartsWith("answer", StringComparison.Ordinal) ? "answer" : "offer",
        ["sdp"] = $"v=0\r\no=- 42 1 IN IP4 127.0.0.1\r\ns={version}\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n",
    };

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}@gortc.com";

    /// <summary>A caller on gateway 1 and a callee on gateway 2, with the caller's DialogueID.</summary>
    private sealed class CallPair : IAsyncDisposable
    {
        private CallPair(JsipTestClient caller, JsipTestClient callee, string alex, string bob)
        {
            (Caller, Callee, Alex, Bob) = (caller, callee, alex, bob);
        }

        public JsipTestClient Caller { get; }

        public JsipTestClient Callee { get; }

        public string Alex { get; }

        public string Bob { get; }

        public string Dialogue { get; } = $"call-{Guid.NewGuid():N}";

        public static async Task<CallPair> ConnectAsync(TwoByTwoCluster cluster)
        {
            var (alex, bob) = (Unique("Alex"), Unique("Bob"));
            var caller = await JsipTestClient.ConnectAsync(cluster.RtcEndpoints[0], alex);
            var callee = await JsipTestClient.ConnectAsync(cluster.RtcEndpoints[1], bob);
            return new CallPair(caller, callee, alex, bob);
        }

        /// <summary>INVITE (CSeq 1) → 200 → ACK (CSeq 3); returns the callee's INVITE.</summary>
        public async Task<JsonElement> AnswerAsync()
        {
            await Caller.SendAsync(Request("INVITE", Bob, Alex, Bob, Dialogue, 1, Call, "offer"));
            var invite = await Callee.ExpectAsync("INVITE");
            await Callee.SendAsync(ResponseTo(invite, 200, "answer"));
            await Caller.ExpectAsync("RESPONSE", 200);
            await Caller.SendAsync(Request("ACK", Bob, Alex, Bob, Dialogue, 3));
            await Callee.ExpectAsync("ACK");
            return invite;
        }

        /// <summary>The caller's BYE: answered by its stack, carried to the callee, nothing more on either side.</summary>
        public async Task HangUpAsync(int cseq)
        {
            await Caller.SendAsync(Request("BYE", Bob, Alex, Bob, Dialogue, cseq));
            await Caller.ExpectAsync("RESPONSE", 200);
            var bye = await Callee.ExpectAsync("BYE");
            await Callee.SendAsync(ResponseTo(bye, 200));
            await AssertNothingMoreAsync(Caller, Callee);
        }

        public async ValueTask DisposeAsync()
        {
            await Caller.DisposeAsync();
            await Callee.DisposeAsync();
        }
    }
}
