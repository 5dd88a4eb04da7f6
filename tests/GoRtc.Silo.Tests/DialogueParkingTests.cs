using GoRtc.Jsip.Stack;
using GoRtc.Silo.Dialogs;
using GoRtc.Silo.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GoRtc.Silo.Tests;

public sealed class DialogueParkingTests : IDisposable
{
    private static readonly TimeSpan Transtimer = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private readonly DialogueParking _parking;

    public DialogueParkingTests() => _parking = Create(capacity: 100);

    public void Dispose() => _parking.Dispose();

    [Fact]
    public void Parked_dialogue_is_taken_back_once_with_its_peer()
    {
        var dialogue = NewDialogue("d1");
        Assert.True(_parking.TryPark("d1", dialogue, "alice@gortc.com", _time.GetUtcNow() + Transtimer));

        Assert.True(_parking.TryTake("d1", out var parked));
        Assert.Same(dialogue, parked.Dialogue);
        Assert.Equal("alice@gortc.com", parked.Peer);
        Assert.False(_parking.TryTake("d1", out _));
        Assert.Equal(0, _parking.Count);
    }

    [Fact]
    public void Dialogue_whose_memory_ran_out_is_not_handed_back()
    {
        _parking.TryPark("d1", NewDialogue("d1"), null, _time.GetUtcNow() + Transtimer);
        _time.Advance(Transtimer);

        Assert.False(_parking.TryTake("d1", out _));
        Assert.Equal(0, _parking.Count);
    }

    [Fact]
    public void Sweep_drops_expired_dialogues_and_keeps_the_others()
    {
        _parking.TryPark("early", NewDialogue("early"), null, _time.GetUtcNow() + Transtimer);
        _time.Advance(TimeSpan.FromSeconds(2));
        _parking.TryPark("late", NewDialogue("late"), null, _time.GetUtcNow() + Transtimer);

        // The sweep runs on the parking's own timer (transtimer / 4, at most 1 s).
        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(1, _parking.Count);
        Assert.True(_parking.TryTake("late", out _));
    }

    [Fact]
    public void Full_parking_refuses_and_frees_a_place_when_a_dialogue_leaves()
    {
        using var parking = Create(capacity: 2);
        var until = _time.GetUtcNow() + Transtimer;
        Assert.True(parking.TryPark("a", NewDialogue("a"), null, until));
        Assert.True(parking.TryPark("b", NewDialogue("b"), null, until));

        Assert.False(parking.TryPark("c", NewDialogue("c"), null, until));
        Assert.Equal(2, parking.Count);

        Assert.True(parking.TryTake("a", out _));
        Assert.True(parking.TryPark("c", NewDialogue("c"), null, until));
    }

    [Fact]
    public void Parking_a_dialogue_again_keeps_the_newer_entry_once()
    {
        var older = NewDialogue("d1");
        var newer = NewDialogue("d1");
        _parking.TryPark("d1", older, null, _time.GetUtcNow() + Transtimer);
        _parking.TryPark("d1", newer, null, _time.GetUtcNow() + Transtimer);

        Assert.Equal(1, _parking.Count);
        Assert.True(_parking.TryTake("d1", out var parked));
        Assert.Same(newer, parked.Dialogue);
    }

    private DialogueParking Create(int capacity) =>
        new(Options.Create(new JsipOptions { TransactionTimeout = Transtimer, MaxParkedDialogues = capacity }), _time);

    private static Dialogue NewDialogue(string id) => new(id, new StackOptions());
}
