using GoRtc.Jsip.Stack.Tests.Support;
using static GoRtc.Jsip.Stack.Tests.Support.Messages;

namespace GoRtc.Jsip.Stack.Tests;

/// <summary>The transaction table and the timer policy of spec §2.4, tested directly.</summary>
public sealed class TransactionTableTests
{
    private static readonly DateTimeOffset T0 = DialogueHarness.Start;
    private readonly StackOptions _options = new();

    [Fact]
    public void Invite_transaction_lasts_twice_prtimer_and_each_provisional_resets_it()
    {
        var table = new TransactionTable(_options);
        var invite = Invite();
        var tx = table.AddClient(invite, T0, stackOwned: false);
        Assert.Equal(T0 + TimeSpan.FromSeconds(120), tx.Deadline);

        tx.OnResponse(FromApp(invite, 180), T0 + TimeSpan.FromSeconds(100));

        Assert.Equal(T0 + TimeSpan.FromSeconds(220), tx.Deadline);
    }

    [Fact]
    public void Non_invite_transaction_lasts_transtimer_then_prtimer_after_a_provisional()
    {
        var table = new TransactionTable(_options);
        var message = Request(JsipMethod.Message, 1);
        var tx = table.AddServer(message, T0);
        Assert.Equal(T0 + TimeSpan.FromSeconds(5), tx.Deadline);

        tx.OnResponse(FromApp(message, 100), T0 + TimeSpan.FromSeconds(3));

        Assert.Equal(T0 + TimeSpan.FromSeconds(63), tx.Deadline);
    }

    [Fact]
    public void Completed_server_transactions_are_remembered_for_transtimer_and_client_ones_are_not()
    {
        var table = new TransactionTable(_options);
        var server = Answered(table, Request(JsipMethod.Message, 1), 200);
        var client = table.AddClient(Request(JsipMethod.Message, 2), T0, stackOwned: false);

        table.Complete(server, T0);
        table.Complete(client, T0);

        Assert.Equal(0, table.LiveCount);
        Assert.Same(server.LastResponse, table.FindRecentlyAnswered(1, T0 + TimeSpan.FromSeconds(4.9))?.Answer);
        Assert.Null(table.FindRecentlyAnswered(1, T0 + TimeSpan.FromSeconds(5)));
        Assert.Null(table.FindRecentlyAnswered(2, T0));
        Assert.Equal(T0 + TimeSpan.FromSeconds(5), table.NextDeadline);
        table.ForgetExpired(T0 + TimeSpan.FromSeconds(5));
        Assert.Null(table.NextDeadline);
    }

    [Fact]
    public void A_new_transaction_on_a_remembered_cseq_replaces_the_memory()
    {
        var table = new TransactionTable(_options);
        table.Complete(Answered(table, Request(JsipMethod.Message, 1), 200), T0);

        table.AddClient(Request(JsipMethod.Options, 1), T0, stackOwned: false);

        Assert.Null(table.FindRecentlyAnswered(1, T0));
        Assert.Equal(0, table.RememberedCount);
    }

    [Fact]
    public void Answered_request_is_remembered_without_the_request_but_still_recognises_its_retransmission()
    {
        var table = new TransactionTable(_options);
        var message = Request(JsipMethod.Message, 7);
        message.Router.Add("Bob@gortc.com");
        message.Body = JsipValue.FromString("hello");
        table.Complete(Answered(table, message, 200), T0);

        var answered = table.FindRecentlyAnswered(7, T0)!;
        var again = Request(JsipMethod.Message, 7);
        again.Router.Add("Bob@gortc.com");
        again.Body = JsipValue.FromString("hello");
        var otherBody = Request(JsipMethod.Message, 7);
        otherBody.Router.Add("Bob@gortc.com");
        otherBody.Body = JsipValue.FromString("bye");

        Assert.True(answered.Fingerprint.IsRepeatedBy(again));
        Assert.False(answered.Fingerprint.IsRepeatedBy(otherBody));
        Assert.False(answered.Fingerprint.IsRepeatedBy(Request(JsipMethod.Message, 7)));
        Assert.False(answered.Fingerprint.IsRepeatedBy(Request(JsipMethod.Info, 7)));
        Assert.Equal(JsipMethod.Message, answered.Method);
    }

    [Fact]
    public void A_busy_dialogue_keeps_every_transaction_and_memory_past_the_small_array()
    {
        var table = new TransactionTable(_options);
        const int count = 200;
        for (uint cseq = 1; cseq <= count; cseq++)
        {
            var tx = Answered(table, Request(JsipMethod.Info, cseq), 200);
            table.Complete(tx, T0 + TimeSpan.FromMilliseconds(cseq));
        }

        for (uint cseq = count + 1; cseq <= 2 * count; cseq++)
        {
            table.AddClient(Request(JsipMethod.Info, cseq), T0, stackOwned: false);
        }

        Assert.Equal(count, table.RememberedCount);
        Assert.Equal(count, table.LiveCount);
        Assert.Equal(Enumerable.Range(count + 1, count).Select(c => (uint)c), table.Live.Select(t => t.CSeq));
        Assert.NotNull(table.FindRecentlyAnswered(150, T0));

        // Half of the memories run out; the rest are kept.
        table.ForgetExpired(T0 + TimeSpan.FromSeconds(5) + TimeSpan.FromMilliseconds(count / 2));
        Assert.Equal(count / 2, table.RememberedCount);
        Assert.Null(table.FindRecentlyAnswered(100, T0));
        Assert.NotNull(table.FindRecentlyAnswered(101, T0));
        Assert.Equal(T0 + TimeSpan.FromSeconds(5), table.NextDeadline);
    }

    [Fact]
    public void Due_transactions_come_earliest_first_then_in_creation_order()
    {
        var table = new TransactionTable(_options);
        var late = table.AddServer(Request(JsipMethod.Message, 1), T0 + TimeSpan.FromSeconds(1));
        var first = table.AddServer(Request(JsipMethod.Message, 2), T0);
        var second = table.AddClient(Request(JsipMethod.Message, 3), T0, stackOwned: false);

        var due = table.DueAt(T0 + TimeSpan.FromSeconds(10));

        Assert.Equal([first, second, late], due);
        Assert.Empty(table.DueAt(T0 + TimeSpan.FromSeconds(4)));
    }

    [Fact]
    public void New_cseq_is_never_zero_and_never_live()
    {
        var table = new TransactionTable(_options);
        for (var i = 0; i < 1000; i++)
        {
            var cseq = table.NewCSeq();
            Assert.NotEqual(0u, cseq);
            Assert.Null(table.FindLive(cseq));
            table.AddClient(Request(JsipMethod.Message, cseq), T0, stackOwned: false);
        }
    }

    [Fact]
    public void Adding_a_live_cseq_twice_is_a_bug()
    {
        var table = new TransactionTable(_options);
        table.AddServer(Request(JsipMethod.Message, 1), T0);

        Assert.Throws<InvalidOperationException>(() => table.AddClient(Request(JsipMethod.Message, 1), T0, stackOwned: false));
    }

    [Theory]
    [InlineData(JsipMethod.Options, 200, false, "does not answer")]
    [InlineData(JsipMethod.Message, 200, true, "same way")]
    public void Response_check_names_the_problem(JsipMethod method, int code, bool inbound, string problem)
    {
        var direction = inbound ? Direction.Inbound : Direction.Outbound;
        var table = new TransactionTable(_options);
        var tx = table.AddServer(Request(JsipMethod.Message, 1), T0);

        Assert.Contains(problem, tx.CheckResponse(FromApp(Request(method, 1), code), direction));
    }

    [Fact]
    public void Response_check_refuses_anything_after_the_final()
    {
        var table = new TransactionTable(_options);
        var message = Request(JsipMethod.Message, 1);
        var tx = table.AddServer(message, T0);
        tx.OnResponse(FromApp(message, 200), T0);

        Assert.Contains("provisional response after the final", tx.CheckResponse(FromApp(message, 180), Direction.Outbound));
        Assert.Contains("second final", tx.CheckResponse(FromApp(message, 200), Direction.Outbound));
        Assert.Null(new TransactionTable(_options).AddServer(Request(JsipMethod.Message, 2), T0)
            .CheckResponse(FromApp(Request(JsipMethod.Message, 2), 200), Direction.Outbound));
    }

    /// <summary>A server transaction for <paramref name="request"/> that the app has answered with <paramref name="code"/>.</summary>
    private static ServerTransaction Answered(TransactionTable table, JsipMessage request, int code)
    {
        var tx = table.AddServer(request, T0);
        tx.OnResponse(FromApp(request, code), T0);
        return tx;
    }
}
