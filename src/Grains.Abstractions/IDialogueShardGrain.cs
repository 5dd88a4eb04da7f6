using Orleans.Concurrency;
using GoRtc.Jsip;

namespace GoRtc.Grains;

/// <summary>
/// Hosts the JSIP dialogues whose DialogueIDs fall in one shard (<see cref="DialogueShards"/>): runs each one's
/// transaction and session layers, binds it to the SLP instance that serves it, and routes what the stack emits to
/// the peer user or the instance; and hosts the SLP instances that its dialogues start. The calls of one dialogue run
/// one at a time, in arrival order; those of different dialogues interleave.
/// </summary>
public interface IDialogueShardGrain : IGrainWithStringKey
{
    /// <summary>
    /// A syntactically valid message that user <paramref name="userId"/> sent on socket <paramref name="connection"/>
    /// (where the answers to it go first). Not copied on a call within a process: the gateway hands the message over and
    /// never touches it again.
    /// </summary>
    Task Receive([Immutable] JsipMessage message, string userId, ConnectionAddress connection);

    /// <summary>A message that SLP instance <paramref name="instanceId"/> sends to the peer of its dialogue.</summary>
    Task<SendResult> Send(JsipMessage message, string instanceId);

    /// <summary>
    /// The instance that served dialogue <paramref name="dialogueId"/> has finished (<paramref name="failed"/>: its
    /// code threw).
    /// </summary>
    [OneWay]
    Task Release(string dialogueId, string instanceId, bool failed);

    /// <summary>Queues a message for SLP instance <paramref name="instanceId"/>, hosted here; false when it has finished or is not here.</summary>
    Task<bool> DeliverToInstance(string instanceId, JsipMessage message);

    /// <summary>Whether SLP instance <paramref name="instanceId"/>, hosted here, is alive and owns <paramref name="relId"/>.</summary>
    Task<bool> OwnsRelId(string instanceId, string relId);

    /// <summary>Dialogue <paramref name="dialogueId"/> of SLP instance <paramref name="instanceId"/>, hosted here, has ended (TERM).</summary>
    [OneWay]
    Task InstanceDialogueTerminated(string instanceId, string dialogueId);

    /// <summary>
    /// Its dialogues and SLP instances for the management views: the dialogues with something live, and how many only
    /// remember answers.
    /// </summary>
    [AlwaysInterleave]
    Task<DialogueShardSnapshot> Inspect();

    /// <summary>
    /// Completes once everything this shard's silo has pushed to gateways so far has been delivered (or handed back):
    /// an SLP instance elsewhere waits for it before it sends on another dialogue (see <see cref="SendResult"/>).
    /// </summary>
    [AlwaysInterleave]
    Task FlushPushes();
}
