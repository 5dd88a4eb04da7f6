namespace GoRtc.Silo.Dialogs;

/// <summary>
/// Lets the calls of one dialogue run one at a time, in the order they arrived, while the calls of the other
/// dialogues of its shard interleave with them. Used only on the shard activation's scheduler, which runs one piece
/// of code at a time, so it needs no lock.
/// </summary>
internal sealed class TurnGate
{
    private Queue<TaskCompletionSource>? _waiting;
    private bool _busy;

    /// <summary>Completes when it is the caller's turn: at once when the gate is free.</summary>
    public Task EnterAsync()
    {
        if (!_busy)
        {
            _busy = true;
            return Task.CompletedTask;
        }

        // Continuations run asynchronously: the next turn starts as its own work item, not inside Exit's caller.
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        (_waiting ??= new Queue<TaskCompletionSource>()).Enqueue(next);
        return next.Task;
    }

    /// <summary>Whether a turn is waiting behind the one that runs.</summary>
    public bool HasWaiting => _waiting is { Count: > 0 };

    /// <summary>Ends the running turn and hands the gate to the next one waiting, if any.</summary>
    public void Exit()
    {
        if (_waiting is { Count: > 0 } waiting)
        {
            waiting.Dequeue().SetResult(); // the gate stays busy: it passes to that turn
            return;
        }

        _busy = false;
    }
}
