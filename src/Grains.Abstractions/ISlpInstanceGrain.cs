using Orleans.Concurrency;
using GoRtc.Jsip;

namespace GoRtc.Grains;

/// <summary>
/// Hosts one SLP instance (keyed by its instance id). Messages are queued and handed to the SLP one at a time.
/// </summary>
public interface ISlpInstanceGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the instance (the SLP object) with the request that opened its first dialogue. Returns false when
    /// the SLP is not loaded on this silo.
    /// </summary>
    Task<bool> Start(JsipMessage request);

    /// <summary>
    /// Queues a message of one of the instance's dialogues. Returns false when the instance has finished or was
    /// never started, so the dialogue can move on. A finished instance is never revived by a late message.
    /// </summary>
    Task<bool> Deliver(JsipMessage message);

    /// <summary>Whether this instance is alive and owns <paramref name="relId"/>.</summary>
    Task<bool> OwnsRelId(string relId);

    /// <summary>A dialogue of the instance has ended (TERM).</summary>
    [OneWay]
    Task DialogueTerminated(string dialogueId);

    /// <summary>
    /// Its state for the management views, read between the SLP's turns (never blocked by a call in progress).
    /// An activation that never started (created by this call) is let go.
    /// </summary>
    [AlwaysInterleave]
    Task<SlpInstanceSnapshot> Inspect();
}
