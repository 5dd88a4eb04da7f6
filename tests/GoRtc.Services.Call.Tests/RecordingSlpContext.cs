using GoRtc.Jsip;
using GoRtc.SlpSdk;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GoRtc.Services.Call.Tests;

/// <summary>
/// An <see cref="ISlpContext"/> that records what the SLP sends and lets a test refuse a send the way the stack
/// would (a <see cref="JsipSendException"/> with the stack's rejection name).
/// </summary>
internal sealed class RecordingSlpContext : ISlpContext
{
    public const string CalleeLeg = "dlg_gortc.com_callee";

    public List<JsipMessage> Sent { get; } = [];

    public HashSet<string> ConnectedUsers { get; } = new(StringComparer.Ordinal);

    /// <summary>Returns the rejection name for a message the stack would refuse, or null to accept it.</summary>
    public Func<JsipMessage, string?> Refuse { get; set; } = _ => null;

    public bool Finished { get; private set; }

    public string SlpName => "call";

    public string Version => "1";

    public string InstanceId => "call-1";

    public string Realm => "gortc.com";

    public ISlpSettings Settings { get; } = new NoSettings();

    public ILogger Logger => NullLogger.Instance;

    public TimeProvider Time => TimeProvider.System;

    public IClusterState State { get; } = new GoRtc.SlpSdk.Testing.InMemoryClusterState();

    public Task SendAsync(JsipMessage message, CancellationToken cancellationToken = default)
    {
        if (Refuse(message) is { } rejection)
        {
            throw new JsipSendException(rejection, $"{message.Name} refused: {rejection}");
        }

        Sent.Add(message);
        return Task.CompletedTask;
    }

    public string NewDialogueId(Func<JsipMessage, ValueTask>? handler = null) => CalleeLeg;

    public string NewRelId(Func<JsipMessage, ValueTask>? handler = null) => throw new NotSupportedException();

    public IDisposable RegisterTimer(TimeSpan dueTime, TimeSpan? period, Func<CancellationToken, ValueTask> callback) =>
        throw new NotSupportedException();

    public void Finish() => Finished = true;

    public ValueTask<bool> IsUserConnectedAsync(string userId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ConnectedUsers.Contains(userId));

    /// <summary>Takes what was sent since the last call.</summary>
    public List<JsipMessage> Take()
    {
        var sent = Sent.ToList();
        Sent.Clear();
        return sent;
    }

    private sealed class NoSettings : ISlpSettings
    {
        public string? this[string key] => null;
    }
}
