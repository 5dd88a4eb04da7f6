using GoRtc.Jsip;

namespace GoRtc.Silo.Users;

/// <summary>
/// Messages for a user who is away, in order, each with the time after which it is worthless (its transaction has
/// ended). Bounded: when full, expired entries are dropped first, and a new message is refused if none expired.
/// </summary>
internal sealed class Outbox
{
    private readonly LinkedList<(JsipMessage Message, DateTimeOffset ValidUntil)> _items = new();
    private readonly int _capacity;

    public Outbox(int capacity) => _capacity = capacity;

    public int Count => _items.Count;

    /// <summary>The queued messages in order, with their expiry (for persisting).</summary>
    public IEnumerable<(JsipMessage Message, DateTimeOffset ValidUntil)> Items => _items;

    /// <summary>Appends a persisted message as it was, without the capacity check (it was admitted before).</summary>
    public void Restore(JsipMessage message, DateTimeOffset validUntil) => _items.AddLast((message, validUntil));

    public bool TryEnqueue(JsipMessage message, DateTimeOffset validUntil, DateTimeOffset now)
    {
        if (_items.Count >= _capacity)
        {
            DropExpired(now);
            if (_items.Count >= _capacity)
            {
                return false;
            }
        }

        _items.AddLast((message, validUntil));
        return true;
    }

    /// <summary>Puts messages back at the front, in their order, ahead of anything queued since.</summary>
    public void Requeue(IReadOnlyList<(JsipMessage Message, DateTimeOffset ValidUntil)> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            _items.AddFirst(messages[i]);
        }

        while (_items.Count > _capacity)
        {
            _items.RemoveLast();
        }
    }

    /// <summary>The oldest message still valid at <paramref name="now"/>; expired ones are discarded on the way.</summary>
    public bool TryDequeue(DateTimeOffset now, out JsipMessage message) => TryDequeue(now, out message, out _);

    /// <summary>The oldest message still valid at <paramref name="now"/>, with its expiry; expired ones are discarded on the way.</summary>
    public bool TryDequeue(DateTimeOffset now, out JsipMessage message, out DateTimeOffset validUntil)
    {
        while (_items.First is { } first)
        {
            _items.RemoveFirst();
            if (first.Value.ValidUntil > now)
            {
                (message, validUntil) = first.Value;
                return true;
            }
        }

        (message, validUntil) = (null!, default);
        return false;
    }

    private void DropExpired(DateTimeOffset now)
    {
        for (var node = _items.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.ValidUntil <= now)
            {
                _items.Remove(node);
            }

            node = next;
        }
    }
}
