using GoRtc.Jsip;
using GoRtc.Silo.Slps;

namespace GoRtc.Silo.Dialogs;

/// <summary>
/// How a <see cref="HostedDialogue"/> reaches SLP instances: those of its own shard directly, the others through the
/// shard that hosts them (named in the instance id).
/// </summary>
internal interface ISlpInstances
{
    /// <summary>Starts an instance of <paramref name="version"/> in this shard for <paramref name="request"/>; its id, or null.</summary>
    string? Start(SlpVersion version, JsipMessage request);

    /// <summary>Queues a message for an instance; false when it has finished or does not exist.</summary>
    ValueTask<bool> DeliverAsync(string instanceId, JsipMessage message);

    /// <summary>Whether an instance is alive and owns <paramref name="relId"/>.</summary>
    ValueTask<bool> OwnsRelIdAsync(string instanceId, string relId);

    /// <summary>Tells an instance that one of its dialogues has ended.</summary>
    void DialogueTerminated(string instanceId, string dialogueId);
}
