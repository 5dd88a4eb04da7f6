using GoRtc.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace GoRtc.Silo.Dialogs;

/// <summary>
/// Where answered calls are persisted (grain storage <see cref="GoRtcSiloBuilderExtensions.StorageName"/>: in memory
/// on the all-in-one node, Redis in a cluster), each under its own DialogueID, so that any shard activation on any
/// silo can continue a call whose silo was lost.
/// </summary>
internal sealed class DialogueMilestones([FromKeyedServices(GoRtcSiloBuilderExtensions.StorageName)] IGrainStorage storage)
{
    // The names a dialogue's state has always been stored under.
    private const string StateName = "dialog";
    private static readonly GrainType RecordType = GrainType.Create("dialog");

    public async Task<MilestoneRecord> ReadAsync(string dialogueId)
    {
        var record = new MilestoneRecord();
        await storage.ReadStateAsync(StateName, GrainId.Create(RecordType, dialogueId), record);
        return record;
    }

    public Task WriteAsync(string dialogueId, MilestoneRecord record) =>
        storage.WriteStateAsync(StateName, GrainId.Create(RecordType, dialogueId), record);

    public Task ClearAsync(string dialogueId, MilestoneRecord record) =>
        storage.ClearStateAsync(StateName, GrainId.Create(RecordType, dialogueId), record);
}

/// <summary>A dialogue's stored milestone with the storage's bookkeeping (ETag, whether it exists).</summary>
internal sealed class MilestoneRecord : IGrainState<DialogueMilestone>
{
    private DialogueMilestone _state = new();

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public DialogueMilestone State
    {
        get => _state;
        set => _state = value ?? new DialogueMilestone(); // a cleared record reads back as an empty milestone
    }

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
