using GoRtc.Jsip;
using GoRtc.SlpSdk;
using GoRtc.SlpSdk.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GoRtc.Services.Chatroom.Tests;

/// <summary>The chatroom SLP's handling of spec §8.2, each instance on an in-memory cluster state.</summary>
public sealed class ChatroomSlpTests
{
    private const string RoomId = "room:test1@gortc.com";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryClusterState _state;

    public ChatroomSlpTests() => _state = new InMemoryClusterState(_time);

    private async Task<ChatroomTestContext> RunAsync(JsipMessage request, Dictionary<string, string>? settings = null)
    {
        var context = new ChatroomTestContext(_state, _time, settings);
        var slp = PluginTestHost.Attach(new ChatroomSlp(), context);
        await slp.OnActivateAsync(CancellationToken.None);
        await slp.OnMessageAsync(request, CancellationToken.None);
        return context;
    }

    private static JsipMessage Request(JsipMethod method, string member, long? expire = null, string? router = null, string dialogue = "d1")
    {
        var request = JsipMessage.CreateRequest(method, RoomId, member, RoomId, dialogue, 1);
        request.SetHeader(JsipHeaderNames.PAssertedIdentity, member);
        request.Expire = expire;
        if (router is not null)
        {
            request.Router = [.. router.Split(',', StringSplitOptions.TrimEntries)];
        }

        return request;
    }

    private async Task JoinAsync(params string[] members)
    {
        foreach (var member in members)
        {
            var context = await RunAsync(Request(JsipMethod.Subscribe, member, 60));
            Assert.Equal(200, Assert.Single(context.Sent).Code);
        }
    }

    private static string? ReasonOf(JsipMessage response) => response.GetString(JsipHeaderNames.Reason);

    [Theory]
    [InlineData("SUBSCRIBE", true, false, 400, "No Expire")]
    [InlineData("SUBSCRIBE", false, true, 400, "No P-Asserted-Identity")]
    [InlineData("MESSAGE", false, false, 400, "No P-Asserted-Identity")]
    [InlineData("MESSAGE", true, true, 404, "Room Not Exist")]
    public async Task Malformed_or_misdirected_requests_are_answered_with_their_reason(string method, bool withPai, bool withExpire, int code, string reason)
    {
        var request = Request(JsipMethods.Parse(method), "Alex@gortc.com", withExpire ? 10 : null);
        if (!withPai)
        {
            request.RemoveHeader(JsipHeaderNames.PAssertedIdentity);
        }

        var context = await RunAsync(request);
        var answer = Assert.Single(context.Sent);
        Assert.Equal((code, reason), (answer.Code, ReasonOf(answer)));
        Assert.True(context.Finished);
    }

    [Fact]
    public async Task Other_requests_are_answered_400_unexpected_msg()
    {
        var context = await RunAsync(Request(JsipMethod.Options, "Alex@gortc.com"));
        Assert.Equal((400, "Unexpected msg"), (context.Sent[0].Code, ReasonOf(context.Sent[0])));
    }

    [Fact]
    public async Task Message_from_a_non_member_is_404_user_not_exist()
    {
        await JoinAsync("Bob@gortc.com");
        var context = await RunAsync(Request(JsipMethod.Message, "Eve@gortc.com"));
        Assert.Equal((404, "User Not Exist"), (context.Sent[0].Code, ReasonOf(context.Sent[0])));
    }

    [Fact]
    public async Task Subscribe_200_lists_the_members_and_the_granted_expire()
    {
        await JoinAsync("Bob@gortc.com");
        var context = await RunAsync(Request(JsipMethod.Subscribe, "Alex@gortc.com", 7200), new() { ["MaxExpire"] = "600" });
        var ok = Assert.Single(context.Sent);
        Assert.Equal(200, ok.Code);
        Assert.Equal(600, ok.Expire);
        Assert.Equal("application/json", ok.GetString(JsipHeaderNames.ContentType));
        Assert.True(ok.Body.TryGetString(out var json));
        var view = System.Text.Json.JsonSerializer.Deserialize(json, ChatroomJsonContext.Default.RoomView)!;
        Assert.Equal(["Alex@gortc.com", "Bob@gortc.com"], view.Members.Select(m => m.Id));
    }

    [Fact]
    public async Task Message_is_delivered_to_every_other_member_with_its_id_as_Request_URI_and_the_first_Router_entry_removed_then_answered_200()
    {
        await JoinAsync("Alex@gortc.com", "Bob@gortc.com", "Carol@gortc.com");
        var message = Request(JsipMethod.Message, "Alex@gortc.com", router: "gortc.com;type=chatroom, Bob@gortc.com");
        message.Body = JsipValue.FromString("hello");
        message.SetHeader("X-Custom", "kept");

        var context = await RunAsync(message);

        // The copies are in their members' hands before the sender's 200, so its next MESSAGE cannot overtake them.
        Assert.Equal(200, context.Sent[^1].Code);
        var deliveries = context.Sent.SkipLast(1).ToList();
        Assert.Equal(["Bob@gortc.com", "Carol@gortc.com"], deliveries.Select(d => d.RequestUri).Order());
        Assert.All(deliveries, d =>
        {
            Assert.Equal(JsipMethod.Message, d.Method);
            Assert.Equal(["Bob@gortc.com"], d.Router);
            Assert.Equal(("Alex@gortc.com", RoomId, "hello", "kept"), (d.From, d.To, d.Body.TryGetString(out var body) ? body : null, d.GetString("X-Custom")));
            Assert.Equal("Alex@gortc.com", d.GetString(JsipHeaderNames.PAssertedIdentity));
            Assert.NotEqual(message.DialogueId, d.DialogueId);
        });
        Assert.False(context.Finished);

        foreach (var delivery in deliveries)
        {
            await context.AnswerAsync(delivery, 200);
        }

        Assert.True(context.Finished);
    }

    [Fact]
    public async Task Delivery_that_times_out_is_sent_again_on_a_fresh_dialogue_while_the_member_is_in_the_room()
    {
        await JoinAsync("Alex@gortc.com", "Bob@gortc.com");
        var context = await RunAsync(Request(JsipMethod.Message, "Alex@gortc.com"));
        var first = context.Sent[0];

        await context.AnswerAsync(first, 408);

        var again = context.Sent[2];
        Assert.Equal("Bob@gortc.com", again.RequestUri);
        Assert.NotEqual(first.DialogueId, again.DialogueId);
        Assert.False(context.Finished);
        await context.AnswerAsync(again, 200);
        Assert.True(context.Finished);
    }

    [Fact]
    public async Task Delivery_that_times_out_to_a_member_who_has_left_is_not_repeated()
    {
        await JoinAsync("Alex@gortc.com", "Bob@gortc.com");
        var context = await RunAsync(Request(JsipMethod.Message, "Alex@gortc.com"));
        await RunAsync(Request(JsipMethod.Subscribe, "Bob@gortc.com", 0));

        await context.AnswerAsync(context.Sent[0], 408);

        Assert.Equal(2, context.Sent.Count);
        Assert.True(context.Finished);
    }

    [Fact]
    public async Task Redelivery_stops_after_the_configured_number_of_attempts()
    {
        await JoinAsync("Alex@gortc.com", "Bob@gortc.com");
        var context = await RunAsync(Request(JsipMethod.Message, "Alex@gortc.com"), new() { ["MaxRedeliveries"] = "2" });
        var delivery = context.Sent[0];
        for (var i = 1; i <= 3; i++)
        {
            await context.AnswerAsync(delivery, 408);
            delivery = context.Sent[^1];
        }

        Assert.Equal(1 + 3, context.Sent.Count); // the first delivery, the 200 and two more deliveries
        Assert.True(context.Finished);
    }

    [Fact]
    public async Task Member_whose_subscription_ran_out_gets_no_delivery_and_cannot_send()
    {
        await RunAsync(Request(JsipMethod.Subscribe, "Bob@gortc.com", 5));
        await JoinAsync("Alex@gortc.com");
        _time.Advance(TimeSpan.FromSeconds(6));

        var fromAlex = await RunAsync(Request(JsipMethod.Message, "Alex@gortc.com"));
        Assert.Single(fromAlex.Sent);
        Assert.True(fromAlex.Finished);
        var fromBob = await RunAsync(Request(JsipMethod.Message, "Bob@gortc.com"));
        Assert.Equal("User Not Exist", ReasonOf(fromBob.Sent[0]));
    }

    [Fact]
    public async Task Concurrent_joins_are_each_decided_on_the_room_as_it_is_none_is_lost()
    {
        var state = new RacingClusterState(_state, racers: 40);
        var joins = Enumerable.Range(0, 40).Select(async i =>
        {
            var context = new ChatroomTestContext(state, _time);
            var slp = PluginTestHost.Attach(new ChatroomSlp(), context);
            await slp.OnActivateAsync(CancellationToken.None);
            await slp.OnMessageAsync(Request(JsipMethod.Subscribe, $"user{i}@gortc.com", 60, dialogue: $"d{i}"), CancellationToken.None);
            return context.Sent.Single().Code;
        });

        Assert.All(await Task.WhenAll(joins), code => Assert.Equal(200, code));
        var room = (await _state.ReadAsync(Room.KeyOf(RoomId), ChatroomJsonContext.Default.Room)).Value!;
        Assert.Equal(40, room.Members.Count);
        Assert.True(_state.Conflicts >= 39, $"all 40 joins read the empty room first: 39 writes must have lost once ({_state.Conflicts} conflicts)");
    }
}
