namespace GoRtc.Silo.Dialogs;

/// <summary>What a <see cref="DialogueTable{TEntry}"/> needs of a dialogue to keep it, time it and let it go.</summary>
internal abstract class ShardEntry(string dialogueId)
{
    public string DialogueId { get; } = dialogueId;

    /// <summary>Runs its calls one at a time.</summary>
    public TurnGate Gate { get; } = new();

    /// <summary>When its next timer fires, if one is armed.</summary>
    public abstract DateTimeOffset? NextDeadline { get; }

    /// <summary>Nothing live and not bound to an instance: at most the memory of answered requests is left.</summary>
    public abstract bool IsIdle { get; }

    // The table's bookkeeping: the deadline it is queued under, and since when it counts as remembered (0: it does not).
    internal DateTimeOffset? ScheduledDeadline { get; set; }

    internal long RememberedStamp { get; set; }

    internal bool IsRemembered => RememberedStamp != 0;
}
