using GoRtc.Jsip;
using GoRtc.Silo.Users;
using Xunit;

namespace GoRtc.Silo.Tests;

public sealed class OutboxTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static JsipMessage Message(uint cseq) =>
        JsipMessage.CreateRequest(JsipMethod.Message, "Bob", "Alex", "Bob", "d", cseq);

    [Fact]
    public void Messages_queued_while_away_come_out_in_order()
    {
        var outbox = new Outbox(10);
        for (uint i = 1; i <= 3; i++)
        {
            Assert.True(outbox.TryEnqueue(Message(i), T0.AddSeconds(5), T0));
        }

        var order = new List<uint>();
        while (outbox.TryDequeue(T0, out var m))
        {
            order.Add(m.CSeq);
        }

        Assert.Equal([1u, 2u, 3u], order);
    }

    [Fact]
    public void Message_whose_transaction_ended_is_never_delivered_late()
    {
        var outbox = new Outbox(10);
        outbox.TryEnqueue(Message(1), T0.AddSeconds(1), T0);
        outbox.TryEnqueue(Message(2), T0.AddSeconds(10), T0);
        Assert.True(outbox.TryDequeue(T0.AddSeconds(2), out var m));
        Assert.Equal(2u, m.CSeq);
        Assert.False(outbox.TryDequeue(T0.AddSeconds(2), out _));
    }

    [Fact]
    public void Full_outbox_refuses_new_messages_but_makes_room_from_expired_ones()
    {
        var outbox = new Outbox(2);
        Assert.True(outbox.TryEnqueue(Message(1), T0.AddSeconds(1), T0));
        Assert.True(outbox.TryEnqueue(Message(2), T0.AddSeconds(10), T0));
        Assert.False(outbox.TryEnqueue(Message(3), T0.AddSeconds(10), T0));
        Assert.True(outbox.TryEnqueue(Message(3), T0.AddSeconds(10), T0.AddSeconds(2)));
        Assert.Equal(2, outbox.Count);
    }

    [Fact]
    public void Requeued_messages_go_back_to_the_front_in_order()
    {
        var outbox = new Outbox(10);
        outbox.TryEnqueue(Message(3), T0.AddSeconds(10), T0);
        outbox.Requeue([(Message(1), T0.AddSeconds(10)), (Message(2), T0.AddSeconds(10))]);
        var order = new List<uint>();
        while (outbox.TryDequeue(T0, out var m))
        {
            order.Add(m.CSeq);
        }

        Assert.Equal([1u, 2u, 3u], order);
    }

    [Fact]
    public void Requeued_message_keeps_the_life_it_was_sent_with()
    {
        // Pushed at T0 with a transaction ending at T0 + 5 s; its socket had gone, and the gateway handed it back at
        // T0 + 4 s: at T0 + 6 s the transaction is over and the message must not reach the user's next socket.
        var outbox = new Outbox(10);
        outbox.Requeue([(Message(1), T0.AddSeconds(5)), (Message(2), T0.AddSeconds(8))]);

        Assert.True(outbox.TryDequeue(T0.AddSeconds(6), out var next, out var validUntil));
        Assert.Equal(2u, next.CSeq);
        Assert.Equal(T0.AddSeconds(8), validUntil);
        Assert.False(outbox.TryDequeue(T0.AddSeconds(6), out _));
    }

    [Fact]
    public void Persisted_items_rebuild_the_same_queue()
    {
        var outbox = new Outbox(10);
        outbox.TryEnqueue(Message(1), T0.AddSeconds(5), T0);
        outbox.TryEnqueue(Message(2), T0.AddSeconds(6), T0);

        var restored = new Outbox(10);
        foreach (var (message, validUntil) in outbox.Items)
        {
            restored.Restore(message, validUntil);
        }

        Assert.Equal(2, restored.Count);
        Assert.True(restored.TryDequeue(T0.AddSeconds(5.5), out var next)); // message 1 has expired on the way
        Assert.Equal(2u, next.CSeq);
        Assert.Equal(0, restored.Count);
    }
}
