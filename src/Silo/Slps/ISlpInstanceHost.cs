using GoRtc.Grains;
using GoRtc.Jsip;

namespace GoRtc.Silo.Slps;

/// <summary>What an <see cref="SlpInstance"/> needs of the dialogue shard that hosts it.</summary>
internal interface ISlpInstanceHost
{
    /// <summary>Sends on a dialogue: at once when this shard hosts it, else through the shard that does.</summary>
    Task<SendResult> SendAsync(JsipMessage message, string instanceId);

    /// <summary>
    /// Completes once what an earlier send (on <paramref name="dialogueId"/>, with <paramref name="sent"/> as its
    /// result) left on its way to the peer has been delivered: pushed by that dialogue's shard's silo, or queued by
    /// the peer's user grain.
    /// </summary>
    Task AwaitDeliveryAsync(string dialogueId, SendResult sent);

    /// <summary>The instance has finished: its dialogue may move on (or, <paramref name="failed"/>, end).</summary>
    void Release(string dialogueId, string instanceId, bool failed);

    /// <summary>A timer on the shard's activation, whose callback runs on it like the instance's other work.</summary>
    IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period);

    /// <summary>The instance has ended: the shard no longer hosts it.</summary>
    void Ended(SlpInstance instance);
}
