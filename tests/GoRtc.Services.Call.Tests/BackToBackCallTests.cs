using GoRtc.Jsip;
using Xunit;

namespace GoRtc.Services.Call.Tests;

/// <summary>
/// The relay decisions of one call, each against a recording context: what goes to which leg, what is not sent
/// twice, and when the call is over. The stack's own answers are the stack's (see the end-to-end CallTests).
/// </summary>
public sealed class BackToBackCallTests
{
    private const string Alex = "Alex@gortc.com";
    private const string Bob = "Bob@gortc.com";
    private const string CallerLeg = "call-a";
    private const string CalleeLeg = RecordingSlpContext.CalleeLeg;
    private readonly RecordingSlpContext _context = new();
    private readonly BackToBackCall _call;

    public BackToBackCallTests()
    {
        _context.ConnectedUsers.Add(Bob);
        _call = new BackToBackCall(_context);
    }

    [Fact]
    public async Task Callee_not_connected_is_answered_480_with_a_Reason_and_the_call_is_over()
    {
        _context.ConnectedUsers.Clear();
        await _call.OnMessageAsync(Invite(), default);

        var refused = Assert.Single(_context.Take());
        Assert.Equal((CallerLeg, 480, 1u), (refused.DialogueId, refused.Code, refused.CSeq));
        Assert.Equal($"{Bob} is not connected", refused.GetString(JsipHeaderNames.Reason));
        Assert.True(_context.Finished);
    }

    [Theory]
    [InlineData("gortc.com")]
    [InlineData("a@b@c")]
    [InlineData("Bob@")]
    public async Task Request_URI_that_is_not_a_user_id_is_answered_400_with_a_Reason(string requestUri)
    {
        var invite = Invite();
        invite.RequestUri = requestUri;
        await _call.OnMessageAsync(invite, default);

        var refused = Assert.Single(_context.Take());
        Assert.Equal(400, refused.Code);
        Assert.Contains("is not a user id", refused.GetString(JsipHeaderNames.Reason), StringComparison.Ordinal);
        Assert.True(_context.Finished);
    }

    [Fact]
    public async Task Request_other_than_INVITE_is_answered_405()
    {
        var message = JsipMessage.CreateRequest(JsipMethod.Message, Bob, Alex, Bob, CallerLeg, 1);
        await _call.OnMessageAsync(message, default);

        Assert.Equal(405, Assert.Single(_context.Take()).Code);
        Assert.True(_context.Finished);
    }

    [Fact]
    public async Task INVITE_is_placed_on_a_new_dialogue_to_the_callee_with_body_and_headers_and_without_Router()
    {
        await _call.OnMessageAsync(Invite(), default);

        var placed = Assert.Single(_context.Take());
        Assert.Equal((JsipMethod.Invite, CalleeLeg, Bob, Alex, Bob), (placed.Method, placed.DialogueId, placed.RequestUri, placed.From, placed.To));
        Assert.False(placed.HasRouter);
        Assert.True(placed.Body.TryGetString(out var body) && body == "offer");
        Assert.Equal("application/sdp", placed.GetString(JsipHeaderNames.ContentType));
        Assert.False(_context.Finished);
    }

    [Fact]
    public async Task ACK_of_the_callers_2xx_becomes_the_ACK_of_the_callees_2xx()
    {
        var placed = await PlaceAsync();
        await FromCallee(Answer(placed, 200));
        var ok = Assert.Single(_context.Take());
        Assert.Equal((CallerLeg, 200, 1u), (ok.DialogueId, ok.Code, ok.CSeq));

        var ack = JsipMessage.CreateRequest(JsipMethod.Ack, Bob, Alex, Bob, CallerLeg, 3);
        ack.Body = JsipValue.FromString("late answer");
        await _call.OnMessageAsync(ack, default);

        var relayed = Assert.Single(_context.Take());
        Assert.Equal((JsipMethod.Ack, CalleeLeg, placed.CSeq), (relayed.Method, relayed.DialogueId, relayed.RelatedId!.Value));
        Assert.True(relayed.Body.TryGetString(out var body) && body == "late answer");
    }

    [Fact]
    public async Task Provisional_and_final_of_the_callee_reach_the_caller_once_and_not_after_the_caller_cancelled()
    {
        var placed = await PlaceAsync();
        await FromCallee(Answer(placed, 180));
        Assert.Equal(180, Assert.Single(_context.Take()).Code);

        // The stack has answered the CANCEL and the INVITE (487): only the callee's leg is cancelled.
        await _call.OnMessageAsync(JsipMessage.CreateRequest(JsipMethod.Cancel, Bob, Alex, Bob, CallerLeg, 2), default);
        var cancel = Assert.Single(_context.Take());
        Assert.Equal((JsipMethod.Cancel, CalleeLeg), (cancel.Method, cancel.DialogueId));

        await FromCallee(Answer(placed, 487));
        Assert.Empty(_context.Take());
    }

    [Fact]
    public async Task Answer_crossing_the_callers_CANCEL_is_acknowledged_and_hung_up()
    {
        var placed = await PlaceAsync();
        await FromCallee(Answer(placed, 180));
        _context.Take();

        // The callee's 200 reached its leg first: the stack refuses our CANCEL, and the 200 follows.
        _context.Refuse = m => m.Method == JsipMethod.Cancel ? "NotAllowedInState" : null;
        await _call.OnMessageAsync(JsipMessage.CreateRequest(JsipMethod.Cancel, Bob, Alex, Bob, CallerLeg, 2), default);
        await FromCallee(Answer(placed, 200));

        var sent = _context.Take();
        Assert.Equal([(JsipMethod.Ack, CalleeLeg), (JsipMethod.Bye, CalleeLeg)], sent.Select(m => (m.Method, m.DialogueId)));
    }

    [Fact]
    public async Task Refused_reINVITE_is_refused_to_the_sender_and_its_ACK_stays_on_the_senders_leg()
    {
        await EstablishAsync();
        await _call.OnMessageAsync(JsipMessage.CreateRequest(JsipMethod.Invite, Bob, Alex, Bob, CallerLeg, 4), default);
        var reInvite = Assert.Single(_context.Take());
        Assert.Equal(CalleeLeg, reInvite.DialogueId);

        await FromCallee(Answer(reInvite, 488));
        var refused = Assert.Single(_context.Take());
        Assert.Equal((CallerLeg, 488, 4u), (refused.DialogueId, refused.Code, refused.CSeq));

        await _call.OnMessageAsync(JsipMessage.CreateRequest(JsipMethod.Ack, Bob, Alex, Bob, CallerLeg, 5), default);
        Assert.Empty(_context.Take());
    }

    [Fact]
    public async Task ReINVITE_crossing_one_from_the_other_side_is_answered_491()
    {
        await EstablishAsync();
        _context.Refuse = m => m.Method == JsipMethod.Invite && m.IsRequest ? "NotAllowedInState" : null;
        await _call.OnMessageAsync(JsipMessage.CreateRequest(JsipMethod.Invite, Bob, Alex, Bob, CallerLeg, 4), default);

        var answer = Assert.Single(_context.Take());
        Assert.Equal((CallerLeg, 491, 4u), (answer.DialogueId, answer.Code, answer.CSeq));
        Assert.NotNull(answer.GetString(JsipHeaderNames.Reason));
    }

    [Fact]
    public async Task Callee_BYE_is_carried_to_the_caller_and_the_call_finishes_when_both_legs_are_gone()
    {
        await EstablishAsync();
        var bye = JsipMessage.CreateRequest(JsipMethod.Bye, Alex, Bob, Alex, CalleeLeg, 9);
        bye.SetHeader(JsipHeaderNames.Reason, "Bob hung up");
        await FromCallee(bye);

        var relayed = Assert.Single(_context.Take());
        Assert.Equal((JsipMethod.Bye, CallerLeg, "Bob hung up"), (relayed.Method, relayed.DialogueId, relayed.GetString(JsipHeaderNames.Reason)));

        await _call.OnDialogueTerminatedAsync(CalleeLeg, default);
        Assert.False(_context.Finished);
        await _call.OnDialogueTerminatedAsync(CallerLeg, default);
        Assert.True(_context.Finished);
        Assert.Empty(_context.Take());
    }

    [Fact]
    public async Task A_leg_that_ends_by_itself_ends_the_other_one()
    {
        var placed = await PlaceAsync();
        await FromCallee(Answer(placed, 180));
        _context.Take();

        await _call.OnDialogueTerminatedAsync(CallerLeg, default);
        var cancel = Assert.Single(_context.Take());
        Assert.Equal((JsipMethod.Cancel, CalleeLeg), (cancel.Method, cancel.DialogueId));
        Assert.False(_context.Finished);

        await _call.OnDialogueTerminatedAsync(CalleeLeg, default);
        Assert.True(_context.Finished);
    }

    [Fact]
    public async Task Request_when_the_other_leg_has_hung_up_is_answered_481()
    {
        await EstablishAsync();
        await FromCallee(JsipMessage.CreateRequest(JsipMethod.Bye, Alex, Bob, Alex, CalleeLeg, 9));
        _context.Take();

        await FromCallee(JsipMessage.CreateRequest(JsipMethod.Info, Alex, Bob, Alex, CalleeLeg, 10));
        var answer = Assert.Single(_context.Take());
        Assert.Equal((CalleeLeg, 481), (answer.DialogueId, answer.Code));
    }

    private static JsipMessage Invite()
    {
        var invite = JsipMessage.CreateRequest(JsipMethod.Invite, Bob, Alex, Bob, CallerLeg, 1);
        invite.Router = ["gortc.com;type=call"];
        invite.Body = JsipValue.FromString("offer");
        invite.SetHeader(JsipHeaderNames.ContentType, "application/sdp");
        return invite;
    }

    private static JsipMessage Answer(JsipMessage request, int code) => request.CreateResponse(code);

    private ValueTask FromCallee(JsipMessage message) => _call.OnMessageAsync(message, default);

    private async Task<JsipMessage> PlaceAsync()
    {
        await _call.OnMessageAsync(Invite(), default);
        return Assert.Single(_context.Take());
    }

    private async Task EstablishAsync()
    {
        var placed = await PlaceAsync();
        await FromCallee(Answer(placed, 200));
        await _call.OnMessageAsync(JsipMessage.CreateRequest(JsipMethod.Ack, Bob, Alex, Bob, CallerLeg, 3), default);
        _context.Take();
    }
}
