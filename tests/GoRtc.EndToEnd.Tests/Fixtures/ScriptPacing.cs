namespace GoRtc.EndToEnd.Tests.Fixtures;

/// <summary>
/// Spaces scripts that reuse DialogueIDs and CSeqs (the reference's chatroom scripts all use aaa1, bbb1…): a request
/// like one answered less than transtimer ago is absorbed as its retransmission (spec §2.4) — the stack remembers it
/// even after the dialogue's grain has gone — so a script starts transtimer after the previous one ended.
/// </summary>
public sealed class ScriptPacing
{
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(200);
    private readonly object _gate = new();
    private DateTime _quietAfter = DateTime.MinValue;

    public void ScriptEnded()
    {
        lock (_gate)
        {
            _quietAfter = DateTime.UtcNow + TestTimers.TransactionTimeout + Margin;
        }
    }

    public Task WaitAsync()
    {
        TimeSpan wait;
        lock (_gate)
        {
            wait = _quietAfter - DateTime.UtcNow;
        }

        return wait > TimeSpan.Zero ? Task.Delay(wait) : Task.CompletedTask;
    }
}
