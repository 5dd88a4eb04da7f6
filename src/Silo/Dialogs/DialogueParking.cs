using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using GoRtc.Jsip.Stack;
using GoRtc.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace GoRtc.Silo.Dialogs;

/// <summary>
/// Where a <see cref="DialogGrain"/> leaves its <see cref="Dialogue"/> when nothing is live in it any more but the
/// stack still remembers answered requests, so that a retransmission gets the same answer for transtimer (spec §2.4).
/// </summary>
/// <remarks>
/// Most dialogues are one transaction (a MESSAGE, an OPTIONS): kept in its grain, each would hold an activation, its
/// timer and everything Orleans keeps with it for the whole transtimer, and the GC would promote all of it. Parked,
/// it is this entry; the grain goes at once and a new activation on this silo (dialogue grains are placed by hash of
/// their id) takes the dialogue back. A parked dialogue expires with its memory: an expired entry is never handed
/// back, and a sweep drops it.
/// </remarks>
internal sealed class DialogueParking : IDisposable
{
    private readonly ConcurrentDictionary<string, ParkedDialogue> _parked = new(StringComparer.Ordinal);

    // Parking order is expiry order to within a step's duration (every memory lasts transtimer), so the sweep only
    // looks at the head. Entries taken back early stay in the queue until their time and are skipped then.
    private readonly ConcurrentQueue<ParkedDialogue> _expiries = new();
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private readonly ITimer _sweeper;
    private int _count;

    public DialogueParking(IOptions<JsipOptions> options, TimeProvider time, IMeterFactory? meters = null)
    {
        _time = time;
        meters?.Create(JsipMetrics.MeterName).CreateObservableGauge(
            "gortc.jsip.parked_dialogues", () => Count, description: "Ended dialogues whose answered requests the stack still remembers");
        _capacity = options.Value.MaxParkedDialogues;
        var period = TimeSpan.FromTicks(Math.Clamp(options.Value.TransactionTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _sweeper = time.CreateTimer(_ => Sweep(), null, period, period);
    }

    /// <summary>Dialogues parked now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Parks a dialogue until <paramref name="until"/>; false when the parking is full.</summary>
    public bool TryPark(string dialogueId, Dialogue dialogue, string? peer, DateTimeOffset until)
    {
        if (Interlocked.Increment(ref _count) > _capacity)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }

        var entry = new ParkedDialogue(dialogueId, dialogue, peer, until);
        if (_parked.TryAdd(dialogueId, entry))
        {
            _expiries.Enqueue(entry);
            return true;
        }

        // One activation per dialogue parks at a time, and the next one takes the entry back first: a duplicate
        // means the other entry is stale. Keep the newer.
        _parked[dialogueId] = entry;
        _expiries.Enqueue(entry);
        Interlocked.Decrement(ref _count);
        return true;
    }

    /// <summary>Takes back the dialogue parked under <paramref name="dialogueId"/>, unless its memory has run out.</summary>
    public bool TryTake(string dialogueId, out ParkedDialogue parked)
    {
        if (!_parked.TryRemove(dialogueId, out var entry))
        {
            parked = null!;
            return false;
        }

        Interlocked.Decrement(ref _count);
        parked = entry;
        return _time.GetUtcNow() < entry.Until;
    }

    /// <summary>Drops the entries whose memory has run out.</summary>
    internal void Sweep()
    {
        var now = _time.GetUtcNow();
        while (_expiries.TryPeek(out var head) && head.Until <= now && _expiries.TryDequeue(out head))
        {
            if (_parked.TryRemove(KeyValuePair.Create(head.DialogueId, head)))
            {
                Interlocked.Decrement(ref _count);
            }
        }
    }

    public void Dispose() => _sweeper.Dispose();
}
