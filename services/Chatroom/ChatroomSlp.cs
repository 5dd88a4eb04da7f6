using GoRtc.Jsip;
using GoRtc.SlpSdk;

namespace GoRtc.Services.Chatroom;

/// <summary>
/// The chat room service of spec §8. A room is addressed by the <c>To</c> of a request (e.g.
/// <c>room:test1@gortc.com</c>), a member by its <c>P-Asserted-Identity</c>. SUBSCRIBE joins, refreshes or (Expire 0)
/// leaves; MESSAGE from a member is answered 200 and delivered to every other member on a dialogue of its own, with
/// the Request-URI rewritten to the member's id and the first Router entry removed; a delivery that times out (408)
/// is sent again on a fresh dialogue while the member is still in the room.
/// <para>
/// Rooms live in the cluster state (<see cref="ISlpContext.State"/>), not in this process: every instance on every
/// silo sees the same rooms, and a room outlives the silo that served it. Each request gets its own short instance,
/// which ends once it has answered and its deliveries are done.
/// </para>
/// </summary>
public sealed class ChatroomSlp : Slp
{
    private const string JsonContentType = "application/json";
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, Delivery> _deliveries = new(StringComparer.Ordinal);
    private ChatroomSettings _settings = null!;
    private JsipMessage? _message;
    private bool _answered;

    public override ValueTask OnActivateAsync(CancellationToken cancellationToken)
    {
        _settings = ChatroomSettings.From(Context.Settings);
        return ValueTask.CompletedTask;
    }

    public override async ValueTask OnMessageAsync(JsipMessage message, CancellationToken cancellationToken)
    {
        if (_answered || !message.IsRequest)
        {
            return; // e.g. a late retransmission the stack let through: this instance has said what it had to say
        }

        _answered = true;
        var answer = message.Method switch
        {
            JsipMethod.Subscribe => await SubscribeAsync(message, cancellationToken),
            JsipMethod.Message => await MessageAsync(message, cancellationToken),
            _ => message.CreateResponse(400, ChatroomReasons.UnexpectedMessage),
        };
        if (answer.Code == 200 && message.Method == JsipMethod.Message)
        {
            // The copies first, then the sender's 200: a member's next MESSAGE (sent on that 200) starts its own
            // instance, which must not overtake this one's copies. The reference kept a member's messages in order by
            // fanning out from one task per plugin; here each copy is in its member's hands once SendAsync returns.
            await FanOutAsync(message, cancellationToken);
        }

        await Context.SendAsync(answer, cancellationToken);

        FinishWhenDone();
    }

    public override ValueTask OnDialogueTerminatedAsync(string dialogueId, CancellationToken cancellationToken)
    {
        // A delivery dialogue that ended without a final response (the stack always gives one; this is the safety net).
        _deliveries.Remove(dialogueId);
        FinishWhenDone();
        return ValueTask.CompletedTask;
    }

    private async Task<JsipMessage> SubscribeAsync(JsipMessage request, CancellationToken cancellationToken)
    {
        if (request.Expire is not { } seconds)
        {
            return request.CreateResponse(400, ChatroomReasons.NoExpire);
        }

        if (seconds < 0)
        {
            return request.CreateResponse(400, "Invalid Expire");
        }

        if (request.GetString(JsipHeaderNames.PAssertedIdentity) is not { Length: > 0 } member)
        {
            return request.CreateResponse(400, ChatroomReasons.NoPAssertedIdentity);
        }

        var granted = TimeSpan.FromSeconds(seconds) > _settings.MaxExpire ? _settings.MaxExpire : TimeSpan.FromSeconds(seconds);
        var now = Context.Time.GetUtcNow();
        var result = await Context.State.UpdateAsync(Room.KeyOf(request.To), ChatroomJsonContext.Default.Room,
            entry => RoomRules.Subscribe(entry, request.To, member, request.From, granted, now, _settings.MaxMembers), cancellationToken);
        Context.Logger.LogSubscribed(request.To, member, result.Outcome);
        switch (result.Outcome)
        {
            case SubscribeOutcome.RoomNotExist:
                return request.CreateResponse(404, ChatroomReasons.RoomNotExist);
            case SubscribeOutcome.UserNotExist:
                return request.CreateResponse(404, ChatroomReasons.UserNotExist);
            case SubscribeOutcome.RoomFull:
                return request.CreateResponse(403, ChatroomReasons.RoomFull);
        }

        var ok = request.CreateResponse(200);
        ok.Expire = (long)granted.TotalSeconds;
        ok.SetHeader(JsipHeaderNames.ContentType, JsonContentType);
        ok.Body = JsipValue.FromString(System.Text.Json.JsonSerializer.Serialize(RoomView.Of(request.To, result.Room), ChatroomJsonContext.Default.RoomView));
        return ok;
    }

    private async Task<JsipMessage> MessageAsync(JsipMessage request, CancellationToken cancellationToken)
    {
        if (request.GetString(JsipHeaderNames.PAssertedIdentity) is not { Length: > 0 } sender)
        {
            return request.CreateResponse(400, ChatroomReasons.NoPAssertedIdentity);
        }

        var room = await ReadRoomAsync(request.To, cancellationToken);
        if (room is null)
        {
            return request.CreateResponse(404, ChatroomReasons.RoomNotExist);
        }

        if (!room.Members.ContainsKey(sender))
        {
            return request.CreateResponse(404, ChatroomReasons.UserNotExist);
        }

        _message = request;
        foreach (var member in room.Members.Keys.Where(m => m != sender))
        {
            _deliveries[Context.NewDialogueId(OnDeliveryMessageAsync)] = new Delivery(member, 1);
        }

        return request.CreateResponse(200);
    }

    private async Task FanOutAsync(JsipMessage message, CancellationToken cancellationToken)
    {
        // Every member at once: one slow or absent member does not hold back the others.
        await Task.WhenAll(_deliveries.ToArray().Select(d => SendDeliveryAsync(d.Key, d.Value, message, cancellationToken)));
    }

    private async Task SendDeliveryAsync(string dialogueId, Delivery delivery, JsipMessage message, CancellationToken cancellationToken)
    {
        var copy = message.CloneForDialogue(dialogueId);
        copy.RequestUri = delivery.Member;
        copy.Router = message.HasRouter ? message.Router.Skip(1).ToList() : [];
        try
        {
            await Context.SendAsync(copy, cancellationToken);
        }
        catch (JsipSendException ex)
        {
            Context.Logger.LogDeliveryRefused(message.To, delivery.Member, ex.Rejection);
            _deliveries.Remove(dialogueId);
            if (ex.IsTransient && delivery.Attempt <= _settings.MaxRedeliveries)
            {
                // The cluster is recovering (a silo died): the message was accepted, so try again in a moment.
                _deliveries[dialogueId] = delivery;
                Context.RegisterTimer(RetryDelay, null, async _ =>
                {
                    if (_deliveries.Remove(dialogueId, out var pending))
                    {
                        await RedeliverAsync(pending, message);
                        FinishWhenDone();
                    }
                });
            }
        }
    }

    private async ValueTask OnDeliveryMessageAsync(JsipMessage message)
    {
        if (!message.IsResponse || !JsipStatus.IsFinal(message.Code) || !_deliveries.Remove(message.DialogueId, out var delivery))
        {
            return;
        }

        if (message.Code == 408 && _message is not null)
        {
            await RedeliverAsync(delivery, _message);
        }

        FinishWhenDone();
    }

    private async Task RedeliverAsync(Delivery delivery, JsipMessage message)
    {
        if (delivery.Attempt > _settings.MaxRedeliveries)
        {
            Context.Logger.LogDeliveryGivenUp(message.To, delivery.Member, delivery.Attempt);
            return;
        }

        // Only while the member is still in the room: an expired or departed member is not chased. A room that cannot
        // be read just now (the cluster is recovering) counts as still holding the member: the attempts are bounded.
        bool stillMember;
        try
        {
            stillMember = (await ReadRoomAsync(message.To, CancellationToken.None))?.Members.ContainsKey(delivery.Member) == true;
        }
#pragma warning disable CA1031 // Whatever the cluster threw, the message was accepted: keep delivering.
        catch (Exception)
#pragma warning restore CA1031
        {
            stillMember = true;
        }

        if (!stillMember)
        {
            return;
        }

        Context.Logger.LogRedelivering(message.To, delivery.Member, delivery.Attempt + 1);
        var next = delivery with { Attempt = delivery.Attempt + 1 };
        var dialogueId = Context.NewDialogueId(OnDeliveryMessageAsync);
        _deliveries[dialogueId] = next;
        await SendDeliveryAsync(dialogueId, next, message, CancellationToken.None);
    }

    private async Task<Room?> ReadRoomAsync(string roomId, CancellationToken cancellationToken)
    {
        var entry = await Context.State.ReadAsync(Room.KeyOf(roomId), ChatroomJsonContext.Default.Room, cancellationToken);
        return entry.Value?.Live(Context.Time.GetUtcNow());
    }

    private void FinishWhenDone()
    {
        if (_answered && _deliveries.Count == 0)
        {
            Context.Finish();
        }
    }

    /// <summary>One member's copy of a MESSAGE in flight, and which attempt it is.</summary>
    private sealed record Delivery(string Member, int Attempt);
}
