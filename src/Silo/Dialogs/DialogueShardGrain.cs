using System.Globalization;
using GoRtc.Grains;
using GoRtc.Jsip;
using GoRtc.Silo.Plugins;
using GoRtc.Silo.Slps;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace GoRtc.Silo.Dialogs;

/// <summary>
/// Hosts the dialogues of one shard (<see cref="DialogueShards"/>) for as long as its silo lives, and the SLP instances
/// that those dialogues start. Each dialogue is a <see cref="HostedDialogue"/>; the calls of one dialogue run one at a
/// time through its gate, and those of different dialogues interleave (the grain is reentrant), so a dialogue waiting
/// on a user or an instance holds up no other. A dialogue and the instance it started talk without an Orleans hop; an
/// instance's other dialogues (created by it, or joined through a relid) may live in other shards and are reached
/// through them. One grain timer serves all of the shard's dialogue deadlines.
/// </summary>
/// <remarks>
/// A dialogue that this shard does not hold may be an answered call whose silo was lost: its first turn looks for its
/// stored milestone. Every other piece of state lives only here, which is why a shard never deactivates while its
/// silo runs.
/// </remarks>
[GrainType(GrainTypes.DialogueShard)]
[Reentrant]
[KeepAlive]
internal sealed partial class DialogueShardGrain : Grain, IDialogueShardGrain, ISlpInstances, ISlpInstanceHost
{
    private readonly ShardServices _services;
    private readonly DialogueTable<HostedDialogue> _table;
    private readonly Dictionary<string, SlpInstance> _instances = new(StringComparer.Ordinal);
    private readonly ILogger<DialogueShardGrain> _logger;
    private readonly List<HostedDialogue> _due = [];
    private readonly Jsip.Stack.DialogueOutput _output = new();
    private readonly IdEntropy _entropy = new();
    private IGrainTimer? _timer;
    private DateTimeOffset? _timerDue;
    private int _shard;

    public DialogueShardGrain(ShardServices services, ILogger<DialogueShardGrain> logger)
    {
        _services = services;
        _table = new DialogueTable<HostedDialogue>(services.Counts);
        _logger = logger;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _shard = int.Parse(this.GetPrimaryKeyString(), NumberStyles.None, CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Answered calls are in storage; the rest ends with the silo, as a lost silo's would.
        if (_table.Count - _table.RememberedCount > 0)
        {
            LogDeactivatedWithLive(this.GetPrimaryKeyString(), _table.Count - _table.RememberedCount, reason.Description);
        }

        _table.Clear();
        foreach (var instance in _instances.Values.ToArray())
        {
            instance.Abandon();
        }

        _instances.Clear();
        return Task.CompletedTask;
    }

    public Task Receive(JsipMessage message, string userId, ConnectionAddress connection) =>
        RunTurnAsync(Get(message.DialogueId), static (d, a) => d.ReceiveAsync(a.message, a.userId, a.connection), (message, userId, connection));

    public async Task<SendResult> Send(JsipMessage message, string instanceId)
    {
        var result = SendResult.Accepted;
        await RunTurnAsync(Get(message.DialogueId), async (d, a) => result = await d.SendAsync(a.message, a.instanceId), (message, instanceId));
        return result;
    }

    public Task Release(string dialogueId, string instanceId, bool failed)
    {
        // Nothing to release in a dialogue this shard does not hold: do not create (or look up) one for it.
        return _table.TryGet(dialogueId, out var dialogue)
            ? RunTurnAsync(dialogue, static (d, a) => d.ReleaseAsync(a.instanceId, a.failed), (instanceId, failed))
            : Task.CompletedTask;
    }

    public Task<bool> DeliverToInstance(string instanceId, JsipMessage message) =>
        Task.FromResult(_instances.TryGetValue(instanceId, out var instance) && instance.Deliver(message));

    public Task<bool> OwnsRelId(string instanceId, string relId) =>
        Task.FromResult(_instances.TryGetValue(instanceId, out var instance) && instance.OwnsRelId(relId));

    public Task InstanceDialogueTerminated(string instanceId, string dialogueId)
    {
        if (_instances.TryGetValue(instanceId, out var instance))
        {
            instance.DialogueTerminated(dialogueId);
        }

        return Task.CompletedTask;
    }

    public Task FlushPushes() => _services.Push.FlushAllAsync();

    public Task<DialogueShardSnapshot> Inspect()
    {
        var live = _table.Entries.Where(d => !d.IsRemembered).Select(d => d.Snapshot()).ToArray();
        var instances = _instances.Values.Select(i => i.Snapshot()).ToArray();
        return Task.FromResult(new DialogueShardSnapshot(live, _table.RememberedCount, instances));
    }

    // A dialogue and an instance of the same shard share no message object: what the stack keeps (a request to
    // recognise its retransmissions, an answer to repeat, a message waiting for its push) must not change when the
    // SLP changes or reuses the object it was given or sent, as it may. A call to another shard copies by itself.

    string? ISlpInstances.Start(SlpVersion version, JsipMessage request)
    {
        var instance = SlpInstance.Start(version, _shard, _entropy, request.Clone(), this, _services);
        if (instance is null)
        {
            return null;
        }

        _instances.Add(instance.InstanceId, instance);
        return instance.InstanceId;
    }

    async ValueTask<bool> ISlpInstances.DeliverAsync(string instanceId, JsipMessage message) =>
        Locate(instanceId, out var here) is { } there
            ? await there.DeliverToInstance(instanceId, message)
            : here is not null && here.Deliver(message.Clone());

    async ValueTask<bool> ISlpInstances.OwnsRelIdAsync(string instanceId, string relId) =>
        Locate(instanceId, out var here) is { } there
            ? await there.OwnsRelId(instanceId, relId)
            : here is not null && here.OwnsRelId(relId);

    void ISlpInstances.DialogueTerminated(string instanceId, string dialogueId)
    {
        if (Locate(instanceId, out var here) is { } there)
        {
            _ = there.InstanceDialogueTerminated(instanceId, dialogueId);
        }
        else
        {
            here?.DialogueTerminated(dialogueId);
        }
    }

    /// <summary>
    /// Where an instance lives: the shard that hosts it when that is another one; else null, with the instance in
    /// <paramref name="here"/> (null too when it has ended, or when no shard could host such an id).
    /// </summary>
    private IDialogueShardGrain? Locate(string instanceId, out SlpInstance? here)
    {
        here = null;
        if (!SlpInstanceId.TryParse(instanceId, out _, out _, out var shard))
        {
            return null;
        }

        if (shard != _shard)
        {
            return _services.Grains.DialogueShard(shard);
        }

        _instances.TryGetValue(instanceId, out here);
        return null;
    }

    Task<SendResult> ISlpInstanceHost.SendAsync(JsipMessage message, string instanceId)
    {
        var shard = DialogueShards.Of(message.DialogueId);
        return shard == _shard ? Send(message.Clone(), instanceId) : _services.Grains.DialogueShard(shard).Send(message, instanceId);
    }

    Task ISlpInstanceHost.AwaitDeliveryAsync(string dialogueId, SendResult sent)
    {
        if (sent.QueuedByUser is { } userId)
        {
            return _services.Grains.User(userId).FlushPushes();
        }

        if (!sent.PushedFromShardSilo)
        {
            return Task.CompletedTask;
        }

        var shard = DialogueShards.Of(dialogueId);
        return shard == _shard ? _services.Push.FlushAllAsync() : _services.Grains.DialogueShard(shard).FlushPushes();
    }

    void ISlpInstanceHost.Release(string dialogueId, string instanceId, bool failed)
    {
        var shard = DialogueShards.Of(dialogueId);
        if (shard == _shard)
        {
            _ = ReleaseHereAsync(dialogueId, instanceId, failed);
        }
        else
        {
            _ = _services.Grains.DialogueShard(shard).Release(dialogueId, instanceId, failed);
        }
    }

    IGrainTimer ISlpInstanceHost.RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        this.RegisterGrainTimer(callback, new GrainTimerCreationOptions(dueTime, period) { Interleave = true });

    void ISlpInstanceHost.Ended(SlpInstance instance) => _instances.Remove(instance.InstanceId);

    private async Task ReleaseHereAsync(string dialogueId, string instanceId, bool failed)
    {
        try
        {
            await Release(dialogueId, instanceId, failed);
        }
#pragma warning disable CA1031 // Nobody waits for a release: the shard logs a failure and goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogUnawaitedTurnFailed(ex, dialogueId);
        }
    }

    private HostedDialogue Get(string dialogueId)
    {
        if (!_table.TryGet(dialogueId, out var dialogue))
        {
            dialogue = new HostedDialogue(dialogueId, _services, this, _output);
            _table.Add(dialogue);
            LogHosted(dialogueId, _shard);
        }

        return dialogue;
    }

    /// <summary>Runs one turn of a dialogue: after the turns queued before it, and followed by the table's bookkeeping.</summary>
    private async Task RunTurnAsync<TArgs>(HostedDialogue dialogue, Func<HostedDialogue, TArgs, Task> turn, TArgs args)
    {
        await dialogue.Gate.EnterAsync();
        try
        {
            _table.BeginTurn(dialogue);
            if (!dialogue.Loaded)
            {
                await dialogue.LoadAsync();
            }

            // Nothing is ever left in the shared output between turns, unless a step threw half-way: never carry that over.
            _output.Clear();
            await turn(dialogue, args);
        }
        finally
        {
            if (_table.EndTurn(dialogue) is { } due)
            {
                Arm(due);
            }

            dialogue.Gate.Exit();
        }
    }

    private void Arm(DateTimeOffset deadline)
    {
        var slot = _services.TimerResolution.Ticks;
        var due = new DateTimeOffset((deadline.UtcTicks + slot - 1) / slot * slot, TimeSpan.Zero);
        if (_timerDue is { } armed && armed <= due)
        {
            return; // the timer fires first anyway, and re-arms for what is due then
        }

        // A new one-shot timer rather than IGrainTimer.Change: a change made from inside the timer's own callback (the
        // re-arm below) must not depend on how the runtime treats a one-shot timer once its callback returns.
        _timer?.Dispose();
        _timerDue = due;
        var delay = due - _services.Time.GetUtcNow();
        _timer = this.RegisterGrainTimer(
            OnTimer, new GrainTimerCreationOptions(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    private Task OnTimer(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        _timerDue = null;
        _table.TakeDue(_services.Time.GetUtcNow(), _due);
        foreach (var dialogue in _due)
        {
            // Not awaited: a dialogue whose timer turn waits on a user or an instance must not hold up the others.
            _ = RunTimerTurnAsync(dialogue);
        }

        _due.Clear();
        if (_table.NextDue() is { } next)
        {
            Arm(next);
        }

        return Task.CompletedTask;
    }

    private async Task RunTimerTurnAsync(HostedDialogue dialogue)
    {
        try
        {
            await RunTurnAsync(dialogue, static (d, _) => d.OnTimerAsync(), 0);
        }
#pragma warning disable CA1031 // A timer turn has no caller to fail: the shard logs it and goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogUnawaitedTurnFailed(ex, dialogue.DialogueId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dialogue {DialogueId}: hosted by shard {Shard}")]
    private partial void LogHosted(string dialogueId, int shard);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dialogue {DialogueId}: a turn nobody waits for (timer, release) failed")]
    private partial void LogUnawaitedTurnFailed(Exception exception, string dialogueId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dialogue shard {Shard} deactivated with {Live} live dialogues ({Reason})")]
    private partial void LogDeactivatedWithLive(string shard, int live, string reason);
}
