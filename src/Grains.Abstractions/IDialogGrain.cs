using Orleans.Concurrency;
using GoRtc.Jsip;

namespace GoRtc.Grains;

/// <summary>
/// One JSIP dialogue (keyed by DialogueID): runs its transaction and session layers, binds it to the SLP instance
/// that serves it, and routes what the stack emits to the peer user or the instance.
/// </summary>
public interface IDialogGrain : IGrainWithStringKey
{
    /// <summary>
    /// A syntactically valid message that user <paramref name="userId"/> sent on socket <paramref name="connection"/>
    /// (where the answers to it go first).
    /// </summary>
    Task Receive(JsipMessage message, string userId, ConnectionAddress connection);

    /// <summary>A message that SLP instance <paramref name="instanceId"/> sends to the peer.</summary>
    Task<SendResult> Send(JsipMessage message, string instanceId);

    /// <summary>The instance that served this dialogue has finished (<paramref name="failed"/>: its code threw).</summary>
    [OneWay]
    Task Release(string instanceId, bool failed);

    /// <summary>
    /// Its state for the management views, read between the turns of other calls (never blocked by a call in
    /// progress). An activation with nothing live is let go.
    /// </summary>
    [AlwaysInterleave]
    Task<DialogueSnapshot> Inspect();
}
