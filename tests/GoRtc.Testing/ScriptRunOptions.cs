using Microsoft.Extensions.Logging;

namespace GoRtc.Testing;

/// <summary>
/// Options of <see cref="JsipScriptRunner.RunAsync"/>. There is deliberately no time scale: scripts run unchanged,
/// with the real delays and timeouts they state, so they test the server's real timers.
/// </summary>
public sealed class ScriptRunOptions
{
    /// <summary>Defaults: 30 s recv timeout, strict ordering, no logging.</summary>
    public static ScriptRunOptions Default { get; } = new();

    /// <summary>
    /// The maximum wait of a <c>recv</c> stage that gives no <c>timeout</c> (or a timeout ≤ 0). The reference waits
    /// 24 h; the default here is 30 s so a hung test fails fast with a clear message. Stage timeouts are used as written.
    /// </summary>
    public TimeSpan DefaultRecvTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>What a recv does with a message that does not match. Default <see cref="UnmatchedMessagePolicy.Fail"/> (the reference's strict ordering).</summary>
    public UnmatchedMessagePolicy UnmatchedMessages { get; init; } = UnmatchedMessagePolicy.Fail;

    /// <summary>Receives one line per frame sent or received and per stage outcome (e.g. <c>ITestOutputHelper.WriteLine</c>).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Receives the same lines as <see cref="Log"/> at Information level.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>How many frames before the failing stage are quoted in a failure message. Default 8.</summary>
    public int RecentTrafficInFailure { get; init; } = 8;
}
