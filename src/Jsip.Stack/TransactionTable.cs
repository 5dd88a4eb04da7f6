namespace GoRtc.Jsip.Stack;

/// <summary>
/// The transactions of one dialogue, keyed by CSeq in a single namespace for both directions (spec §2.2), plus a
/// short memory of completed server transactions so that retransmitted requests are recognised.
/// </summary>
internal sealed class TransactionTable
{
    private readonly Dictionary<uint, Transaction> _live = [];
    private readonly Dictionary<uint, ServerTransaction> _completed = [];
    private readonly StackOptions _options;
    private long _sequence;

    public TransactionTable(StackOptions options) => _options = options;

    public int LiveCount => _live.Count;

    /// <summary>Completed server transactions still remembered for retransmissions.</summary>
    public int RememberedCount => _completed.Count;

    /// <summary>The live transactions in creation order.</summary>
    public IReadOnlyList<Transaction> Live => [.. _live.Values.OrderBy(t => t.Sequence)];

    /// <summary>The earliest transaction timeout or end of a retransmission memory.</summary>
    public DateTimeOffset? NextDeadline
    {
        get
        {
            DateTimeOffset? next = null;
            foreach (var tx in _live.Values)
            {
                next = Deadlines.Min(next, tx.Deadline);
            }

            foreach (var tx in _completed.Values)
            {
                next = Deadlines.Min(next, tx.RememberedUntil);
            }

            return next;
        }
    }

    public Transaction? FindLive(uint cseq) => _live.GetValueOrDefault(cseq);

    public bool IsLive(Transaction transaction) =>
        _live.TryGetValue(transaction.CSeq, out var live) && ReferenceEquals(live, transaction);

    /// <summary>A server transaction that completed less than transtimer before <paramref name="now"/>.</summary>
    public ServerTransaction? FindRecentlyCompleted(uint cseq, DateTimeOffset now) =>
        _completed.TryGetValue(cseq, out var tx) && now < tx.RememberedUntil ? tx : null;

    public ServerTransaction AddServer(JsipMessage request, DateTimeOffset now)
    {
        var tx = new ServerTransaction(request, now, _options, ++_sequence);
        Add(tx);
        return tx;
    }

    public ClientTransaction AddClient(JsipMessage request, DateTimeOffset now, bool stackOwned)
    {
        var tx = new ClientTransaction(request, now, _options, ++_sequence, stackOwned);
        Add(tx);
        return tx;
    }

    /// <summary>
    /// Ends a transaction that has its final response (received, sent or synthesised on timeout). A server
    /// transaction is remembered for transtimer so that a retransmitted request gets the same answer.
    /// </summary>
    public void Complete(Transaction transaction, DateTimeOffset now)
    {
        Remove(transaction);
        if (transaction is ServerTransaction server)
        {
            server.RememberedUntil = Deadlines.After(now, _options.TransactionTimeout);
            _completed[server.CSeq] = server;
        }
    }

    /// <summary>Forgets a live transaction without remembering it (its session is gone).</summary>
    public void Remove(Transaction transaction)
    {
        if (IsLive(transaction))
        {
            _live.Remove(transaction.CSeq);
        }
    }

    /// <summary>A random CSeq that no live transaction uses (the stack's own requests must not collide).</summary>
    public uint NewCSeq()
    {
        uint cseq;
        do
        {
            cseq = JsipCSeq.NewRandom();
        }
        while (_live.ContainsKey(cseq));

        return cseq;
    }

    /// <summary>Live transactions whose timer is due, earliest first.</summary>
    public IReadOnlyList<Transaction> DueAt(DateTimeOffset now) =>
        [.. _live.Values.Where(t => t.Deadline <= now).OrderBy(t => t.Deadline).ThenBy(t => t.Sequence)];

    /// <summary>Drops retransmission memories that have run out.</summary>
    public void ForgetExpired(DateTimeOffset now)
    {
        foreach (var (cseq, tx) in _completed.ToList())
        {
            if (tx.RememberedUntil <= now)
            {
                _completed.Remove(cseq);
            }
        }
    }

    private void Add(Transaction transaction)
    {
        if (_live.ContainsKey(transaction.CSeq))
        {
            throw new InvalidOperationException($"CSeq {transaction.CSeq} is already used by a live transaction.");
        }

        // A new transaction on this CSeq supersedes any memory of an older one, so a retransmission of the
        // new request is never answered with the old response.
        _completed.Remove(transaction.CSeq);
        _live.Add(transaction.CSeq, transaction);
    }
}
