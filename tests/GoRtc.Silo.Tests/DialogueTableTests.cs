using GoRtc.Silo.Dialogs;
using GoRtc.Silo.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace GoRtc.Silo.Tests;

public sealed class DialogueTableTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Dialogue_with_nothing_left_is_let_go_after_its_turn()
    {
        var (table, counts) = Create();
        var entry = Live(table, "d1", due: null);
        entry.Idle = true;

        Turn(table, entry);

        Assert.False(table.TryGet("d1", out _));
        Assert.Equal(0, counts.Live);
        Assert.Equal(0, counts.Remembered);
    }

    [Fact]
    public void Idle_dialogue_with_a_deadline_is_remembered_until_it_becomes_live_again()
    {
        var (table, counts) = Create();
        var entry = Live(table, "d1", due: T0.AddSeconds(5));
        entry.Idle = true;
        Turn(table, entry);

        Assert.True(table.TryGet("d1", out _));
        Assert.Equal((0, 1, 1), (counts.Live, counts.Remembered, table.RememberedCount));

        // A retransmission: the dialogue is live for its turn, and remembered again after it.
        table.BeginTurn(entry);
        Assert.Equal((1, 0), (counts.Live, counts.Remembered));
        table.EndTurn(entry);
        Assert.Equal((0, 1), (counts.Live, counts.Remembered));
    }

    [Fact]
    public void Due_dialogues_are_taken_earliest_first_and_a_moved_deadline_fires_once()
    {
        var (table, _) = Create();
        var late = Live(table, "late", due: T0.AddSeconds(3));
        var early = Live(table, "early", due: T0.AddSeconds(1));
        var moved = Live(table, "moved", due: T0.AddSeconds(2));
        Turn(table, late);
        Turn(table, early);
        Turn(table, moved);
        moved.Due = T0.AddSeconds(10); // its next turn moves the deadline: the queued one is stale
        Turn(table, moved);

        var due = new List<FakeEntry>();
        table.TakeDue(T0.AddSeconds(5), due);

        Assert.Equal(["early", "late"], due.Select(d => d.DialogueId));
        Assert.Equal(T0.AddSeconds(10), table.NextDue());
    }

    [Fact]
    public void End_of_turn_reports_only_a_deadline_it_newly_queued()
    {
        var (table, _) = Create();
        var entry = Live(table, "d1", due: T0.AddSeconds(1));

        Assert.Equal(T0.AddSeconds(1), Turn(table, entry));
        Assert.Null(Turn(table, entry));
        entry.Due = T0.AddSeconds(2);
        Assert.Equal(T0.AddSeconds(2), Turn(table, entry));
    }

    [Fact]
    public void Silo_over_its_remembered_limit_forgets_the_oldest_first()
    {
        var (table, counts) = Create(maxRemembered: 2);
        var entries = Enumerable.Range(1, 3).Select(i => Live(table, $"d{i}", due: T0.AddSeconds(i))).ToArray();
        foreach (var entry in entries)
        {
            entry.Idle = true;
            Turn(table, entry);
        }

        Assert.False(table.TryGet("d1", out _));
        Assert.True(table.TryGet("d2", out _));
        Assert.True(table.TryGet("d3", out _));
        Assert.Equal(2, counts.Remembered);

        // The forgotten one's deadline is not fired.
        var due = new List<FakeEntry>();
        table.TakeDue(T0.AddSeconds(10), due);
        Assert.Equal(["d2", "d3"], due.Select(d => d.DialogueId));
    }

    [Fact]
    public void Revived_dialogue_is_not_forgotten_for_the_limit()
    {
        var (table, counts) = Create(maxRemembered: 1);
        var first = Live(table, "d1", due: T0.AddSeconds(1));
        first.Idle = true;
        Turn(table, first);
        first.Idle = false;
        Turn(table, first); // live again: its place in the remembered order is stale

        var second = Live(table, "d2", due: T0.AddSeconds(2));
        second.Idle = true;
        Turn(table, second);

        Assert.True(table.TryGet("d1", out _));
        Assert.True(table.TryGet("d2", out _));
        Assert.Equal((1, 1), (counts.Live, counts.Remembered));
    }

    [Fact]
    public async Task Dialogue_with_a_turn_waiting_is_kept_for_that_turn()
    {
        var (table, _) = Create();
        var entry = Live(table, "d1", due: null);
        await entry.Gate.EnterAsync();
        var waiting = entry.Gate.EnterAsync();
        entry.Idle = true;

        table.BeginTurn(entry);
        table.EndTurn(entry);
        entry.Gate.Exit();

        Assert.True(table.TryGet("d1", out _));
        await waiting;
    }

    [Fact]
    public void Clear_returns_the_shards_dialogues_to_the_silo_counts()
    {
        var (table, counts) = Create();
        Live(table, "live", due: null);
        var remembered = Live(table, "remembered", due: T0.AddSeconds(1));
        remembered.Idle = true;
        Turn(table, remembered);

        table.Clear();

        Assert.Equal((0, 0, 0), (counts.Live, counts.Remembered, table.Count));
    }

    private static (DialogueTable<FakeEntry> Table, DialogueCounts Counts) Create(int maxRemembered = 100)
    {
        var counts = new DialogueCounts(Options.Create(new JsipOptions { MaxRememberedDialogues = maxRemembered }));
        return (new DialogueTable<FakeEntry>(counts), counts);
    }

    private static FakeEntry Live(DialogueTable<FakeEntry> table, string id, DateTimeOffset? due)
    {
        var entry = new FakeEntry(id) { Due = due };
        table.Add(entry);
        return entry;
    }

    private static DateTimeOffset? Turn(DialogueTable<FakeEntry> table, FakeEntry entry)
    {
        table.BeginTurn(entry);
        return table.EndTurn(entry);
    }

    private sealed class FakeEntry(string id) : ShardEntry(id)
    {
        public DateTimeOffset? Due { get; set; }

        public bool Idle { get; set; }

        public override DateTimeOffset? NextDeadline => Due;

        public override bool IsIdle => Idle;
    }
}
