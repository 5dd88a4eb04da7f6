namespace GoRtc.Silo.Dialogs;

/// <summary>
/// The dialogues of one shard: which it holds, when each one's timer is due, and which only remember answered
/// requests. Knows nothing of Orleans; its shard calls <see cref="BeginTurn"/> and <see cref="EndTurn"/> around every
/// turn of a dialogue and fires what <see cref="TakeDue"/> returns.
/// </summary>
/// <remarks>
/// Deadlines sit in a priority queue. A dialogue whose deadline moves is queued again, and the stale item is skipped
/// when it comes up, which is cheaper than removing it. Remembered dialogues are also queued in the order they ended:
/// once the silo remembers more than <see cref="DialogueCounts.MaxRemembered"/>, the oldest go first.
/// </remarks>
internal sealed class DialogueTable<TEntry>(DialogueCounts counts)
    where TEntry : ShardEntry
{
    private readonly Dictionary<string, TEntry> _entries = new(StringComparer.Ordinal);
    private readonly PriorityQueue<TEntry, DateTimeOffset> _deadlines = new();
    private readonly Queue<(TEntry Entry, long Stamp)> _remembered = new();
    private long _rememberedSequence;

    /// <summary>Dialogues held, remembered ones included.</summary>
    public int Count => _entries.Count;

    /// <summary>Dialogues that only remember answered requests.</summary>
    public int RememberedCount { get; private set; }

    public IEnumerable<TEntry> Entries => _entries.Values;

    public bool TryGet(string dialogueId, out TEntry entry) => _entries.TryGetValue(dialogueId, out entry!);

    /// <summary>Holds a new dialogue: live until its first turn ends.</summary>
    public void Add(TEntry entry)
    {
        _entries.Add(entry.DialogueId, entry);
        counts.AddLive(1);
    }

    /// <summary>A turn of <paramref name="entry"/> starts: a remembered dialogue that gets a message is live again.</summary>
    public void BeginTurn(TEntry entry)
    {
        if (entry.IsRemembered)
        {
            entry.RememberedStamp = 0;
            RememberedCount--;
            counts.AddRemembered(-1);
            counts.AddLive(1);
        }
    }

    /// <summary>
    /// A turn of <paramref name="entry"/> has ended: lets it go when nothing is left in it, marks it remembered when
    /// only answered requests are, and queues its deadline. Returns the deadline newly queued, if any.
    /// </summary>
    public DateTimeOffset? EndTurn(TEntry entry)
    {
        if (!ReferenceEquals(_entries.GetValueOrDefault(entry.DialogueId), entry))
        {
            return null; // let go meanwhile
        }

        var due = entry.NextDeadline;
        if (entry.IsIdle && due is null)
        {
            if (!entry.Gate.HasWaiting)
            {
                Remove(entry);
            }

            return null;
        }

        if (entry.IsIdle && !entry.Gate.HasWaiting)
        {
            entry.RememberedStamp = ++_rememberedSequence;
            _remembered.Enqueue((entry, entry.RememberedStamp));
            RememberedCount++;
            counts.AddLive(-1);
            counts.AddRemembered(1);
            ForgetOverLimit();
            if (!entry.IsRemembered)
            {
                return null; // it was the oldest, and went at once
            }
        }

        if (due == entry.ScheduledDeadline)
        {
            return null;
        }

        entry.ScheduledDeadline = due;
        if (due is { } deadline)
        {
            _deadlines.Enqueue(entry, deadline);
        }

        return due;
    }

    /// <summary>The earliest deadline still queued, stale items dropped.</summary>
    public DateTimeOffset? NextDue()
    {
        while (_deadlines.TryPeek(out var entry, out var due))
        {
            if (IsCurrent(entry, due))
            {
                return due;
            }

            _deadlines.Dequeue();
        }

        return null;
    }

    /// <summary>Takes the dialogues whose deadline is at or before <paramref name="now"/>, earliest first.</summary>
    public void TakeDue(DateTimeOffset now, List<TEntry> due)
    {
        while (_deadlines.TryPeek(out var entry, out var deadline) && deadline <= now)
        {
            _deadlines.Dequeue();
            if (IsCurrent(entry, deadline))
            {
                entry.ScheduledDeadline = null; // the timer's turn queues the next one
                due.Add(entry);
            }
        }
    }

    /// <summary>Lets every dialogue go (the shard is deactivating), so the silo's counts stay true.</summary>
    public void Clear()
    {
        counts.AddLive(-(_entries.Count - RememberedCount));
        counts.AddRemembered(-RememberedCount);
        foreach (var entry in _entries.Values)
        {
            entry.ScheduledDeadline = null;
            entry.RememberedStamp = 0;
        }

        _entries.Clear();
        _deadlines.Clear();
        _remembered.Clear();
        RememberedCount = 0;
    }

    private bool IsCurrent(TEntry entry, DateTimeOffset due) =>
        entry.ScheduledDeadline == due && ReferenceEquals(_entries.GetValueOrDefault(entry.DialogueId), entry);

    private void ForgetOverLimit()
    {
        // Each shard trims its own oldest: the silo's bound holds, and no shard reaches into another's entries.
        while (counts.OverRememberedLimit && _remembered.TryDequeue(out var head))
        {
            // A remembered dialogue has no turn running or waiting (its next turn would have made it live again),
            // except the one whose turn is ending now, which may go at once.
            if (head.Entry.RememberedStamp == head.Stamp && ReferenceEquals(_entries.GetValueOrDefault(head.Entry.DialogueId), head.Entry))
            {
                Remove(head.Entry);
            }
        }

        // Stale heads (revived or gone) would otherwise stay until the queue turns over.
        while (_remembered.TryPeek(out var head) && head.Entry.RememberedStamp != head.Stamp)
        {
            _remembered.Dequeue();
        }
    }

    private void Remove(TEntry entry)
    {
        _entries.Remove(entry.DialogueId);
        entry.ScheduledDeadline = null;
        if (entry.IsRemembered)
        {
            entry.RememberedStamp = 0;
            RememberedCount--;
            counts.AddRemembered(-1);
        }
        else
        {
            counts.AddLive(-1);
        }
    }
}
