using GoRtc.Jsip;

namespace GoRtc.Silo.Slps;

/// <summary>One turn of an SLP instance: a message, a timer tick or a dialogue's end.</summary>
internal abstract record SlpWork
{
    public sealed record Message(JsipMessage Value) : SlpWork;

    public sealed record Timer(Func<CancellationToken, ValueTask> Callback) : SlpWork;

    public sealed record DialogueEnded(string DialogueId) : SlpWork;
}
