using GoRtc.Jsip;
using Microsoft.Extensions.Logging;

namespace GoRtc.SlpSdk;

/// <summary>What the runtime offers one SLP instance.</summary>
public interface ISlpContext
{
    /// <summary>The name the SLP was loaded under (e.g. <c>default</c>).</summary>
    string SlpName { get; }

    /// <summary>The loaded version of the SLP this instance runs.</summary>
    string Version { get; }

    /// <summary>This instance's id, unique in the cluster.</summary>
    string InstanceId { get; }

    /// <summary>The node's realm (<c>[JSIPStack] realm</c> of the reference), used in generated ids.</summary>
    string Realm { get; }

    /// <summary>Settings of this SLP (the <c>Slps:&lt;name&gt;:Settings</c> configuration section).</summary>
    ISlpSettings Settings { get; }

    /// <summary>A logger whose category names the SLP.</summary>
    ILogger Logger { get; }

    /// <summary>The clock; tests may replace it.</summary>
    TimeProvider Time { get; }

    /// <summary>
    /// Durable state shared across the cluster by every instance of this plugin assembly and its API (see
    /// <see cref="IClusterState"/>).
    /// </summary>
    IClusterState State { get; }

    /// <summary>
    /// Sends a request or response through the JSIP stack. Completes when the stack has accepted it;
    /// throws <see cref="JsipSendException"/> when the stack refuses it, saying why. The stack sends and keeps its own
    /// copy: the message may be changed or reused once this returns.
    /// </summary>
    Task SendAsync(JsipMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// A new DialogueID owned by this instance. Messages of that dialogue go to <paramref name="handler"/> when
    /// given, else to <see cref="Slp.OnMessageAsync"/>.
    /// </summary>
    string NewDialogueId(Func<JsipMessage, ValueTask>? handler = null);

    /// <summary>
    /// A new relid: a request that arrives later with <c>relid=&lt;id&gt;</c> on its first Router entry joins
    /// this instance, its messages going to <paramref name="handler"/> when given.
    /// </summary>
    string NewRelId(Func<JsipMessage, ValueTask>? handler = null);

    /// <summary>
    /// Runs <paramref name="callback"/> after <paramref name="dueTime"/>, then every <paramref name="period"/> if given,
    /// in turn with the instance's messages. Dispose the result to cancel.
    /// </summary>
    IDisposable RegisterTimer(TimeSpan dueTime, TimeSpan? period, Func<CancellationToken, ValueTask> callback);

    /// <summary>Ends the instance once the current handler returns. Calling it twice is harmless.</summary>
    void Finish();

    /// <summary>
    /// Whether <paramref name="userId"/> (<c>user@host</c>, as it connected with <c>?userid=</c>) has a socket open
    /// now, on any gateway. A request sent to a user who is away waits in their outbox instead of failing, so a
    /// service that must answer at once (e.g. <c>480</c> for a call) asks first.
    /// </summary>
    ValueTask<bool> IsUserConnectedAsync(string userId, CancellationToken cancellationToken = default);
}
