using GoRtc.Jsip;
using GoRtc.SlpSdk;

namespace GoRtc.TestSlps.Broken;

/// <summary>An SLP that cannot be constructed.</summary>
public sealed class ThrowingSlp : Slp
{
    public ThrowingSlp() => throw new InvalidOperationException("broken on purpose");

    public override ValueTask OnMessageAsync(JsipMessage message, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
