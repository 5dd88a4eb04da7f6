namespace GoRtc.Jsip.Stack;

/// <summary>
/// The transactions of one dialogue, keyed by CSeq in a single namespace for both directions (spec §2.2), plus a
/// short memory of answered requests so that retransmitted requests are recognised.
/// </summary>
internal sealed class TransactionTable
{
    private readonly StackOptions _options;
    private CSeqMap<Transaction> _live;
    private CSeqMap<AnsweredRequest> _answered;
    private long _sequence;

    public TransactionTable(StackOptions options) => _options = options;

    public int LiveCount => _live.Count;

    /// <summary>Answered requests still remembered for retransmissions.</summary>
    public int RememberedCount => _answered.Count;

    /// <summary>The live transactions in creation order (a copy, safe to keep while the table changes).</summary>
    public Transaction[] Live
    {
        get
        {
            var live = _live.ToArray();
            if (live.Length > 1)
            {
                Array.Sort(live, static (a, b) => a.Sequence.CompareTo(b.Sequence));
            }

            return live;
        }
    }

    /// <summary>The earliest transaction timeout or end of a retransmission memory.</summary>
    public DateTimeOffset? NextDeadline
    {
        get
        {
            DateTimeOffset? next = null;
            foreach (var tx in _live)
            {
                next = Deadlines.Min(next, tx.Deadline);
            }

            foreach (var answered in _answered)
            {
                next = Deadlines.Min(next, answered.RememberedUntil);
            }

            return next;
        }
    }

    public Transaction? FindLive(uint cseq) => _live.GetValueOrDefault(cseq);

    public bool IsLive(Transaction transaction) => ReferenceEquals(_live.GetValueOrDefault(transaction.CSeq), transaction);

    /// <summary>A request answered less than transtimer before <paramref name="now"/>.</summary>
    public AnsweredRequest? FindRecentlyAnswered(uint cseq, DateTimeOffset now) =>
        _answered.TryGetValue(cseq, out var answered) && now < answered.RememberedUntil ? answered : null;

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
    /// transaction's request and answer are remembered for transtimer so that a retransmitted request gets the same
    /// answer.
    /// </summary>
    public void Complete(Transaction transaction, DateTimeOffset now)
    {
        Remove(transaction);
        if (transaction is ServerTransaction { LastResponse: { } answer } server)
        {
            _answered.Remove(server.CSeq);
            _answered.Add(server.CSeq, new AnsweredRequest(server, answer, Deadlines.After(now, _options.TransactionTimeout)));
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
    public IReadOnlyList<Transaction> DueAt(DateTimeOffset now)
    {
        List<Transaction>? due = null;
        foreach (var tx in _live)
        {
            if (tx.Deadline <= now)
            {
                (due ??= []).Add(tx);
            }
        }

        if (due is null)
        {
            return [];
        }

        due.Sort(static (a, b) => a.Deadline != b.Deadline ? a.Deadline.CompareTo(b.Deadline) : a.Sequence.CompareTo(b.Sequence));
        return due;
    }

    /// <summary>Drops retransmission memories that have run out.</summary>
    public void ForgetExpired(DateTimeOffset now) =>
        _answered.RemoveAll(static (answered, now) => answered.RememberedUntil <= now, now);

    private void Add(Transaction transaction)
    {
        if (_live.ContainsKey(transaction.CSeq))
        {
            throw new InvalidOperationException($"CSeq {transaction.CSeq} is already used by a live transaction.");
        }

        // A new transaction on this CSeq supersedes any memory of an older one, so a retransmission of the
        // new request is never answered with the old response.
        _answered.Remove(transaction.CSeq);
        _live.Add(transaction.CSeq, transaction);
    }
}
