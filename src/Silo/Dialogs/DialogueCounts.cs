using System.Diagnostics.Metrics;
using GoRtc.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace GoRtc.Silo.Dialogs;

/// <summary>
/// How many dialogues the shards of this silo host, live and remembered, and the silo's bound on remembered ones
/// (<see cref="JsipOptions.MaxRememberedDialogues"/>). Shards update it from their own activations' turns.
/// </summary>
internal sealed class DialogueCounts
{
    private long _live;
    private long _remembered;

    public DialogueCounts(IOptions<JsipOptions> options, IMeterFactory? meters = null)
    {
        MaxRemembered = options.Value.MaxRememberedDialogues;
        var meter = meters?.Create(JsipMetrics.MeterName);
        meter?.CreateObservableGauge("gortc.jsip.dialogues", () => Live, description: "Dialogues with a live transaction or session, or bound to an SLP instance");
        meter?.CreateObservableGauge(
            "gortc.jsip.remembered_dialogues", () => Remembered, description: "Ended dialogues whose answered requests the stack still remembers");
    }

    public int MaxRemembered { get; }

    public long Live => Volatile.Read(ref _live);

    public long Remembered => Volatile.Read(ref _remembered);

    /// <summary>Whether the silo remembers more ended dialogues than it may.</summary>
    public bool OverRememberedLimit => Remembered > MaxRemembered;

    public void AddLive(int delta) => Interlocked.Add(ref _live, delta);

    public void AddRemembered(int delta) => Interlocked.Add(ref _remembered, delta);
}
