using System.Threading.Channels;
using GoRtc.Grains;
using GoRtc.Jsip;
using Microsoft.Extensions.Logging;

namespace GoRtc.Silo.Push;

/// <summary>The queue and sender loop for one gateway.</summary>
internal sealed partial class GatewayPushQueue : IAsyncDisposable
{
    private const int MaxBatch = 512;

    /// <summary>
    /// Pauses before each retry of a failed push. A gateway that is alive can be unreachable for a moment — after a
    /// silo's death the cluster relearns through which silo each gateway (client) is reached — and a push that gives
    /// up sends its users' messages back to their outboxes until the users reconnect. Retrying for about 1.5 s rides
    /// that out; a gateway still unreachable after it is taken for dead.
    /// </summary>
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(1)];

    private readonly Channel<GatewayDelivery> _channel = Channel.CreateUnbounded<GatewayDelivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IGrainFactory _grainFactory;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private readonly Lock _flushLock = new();
    private IGatewayObserver _gateway;

    // Deliveries enqueued so far, and those the loop has finished with (delivered, or handed back to outboxes): a
    // flush waits for the second to reach what the first was when it began.
    private long _enqueued;
    private long _finished;
    private bool _stopped;
    private List<(long Target, TaskCompletionSource Done)>? _flushes;

    public GatewayPushQueue(IGatewayObserver gateway, IGrainFactory grainFactory, ILogger logger)
    {
        _gateway = gateway;
        _grainFactory = grainFactory;
        _logger = logger;
        _loop = Task.Run(SendLoopAsync);
    }

    public void Enqueue(GatewayDelivery delivery, IGatewayObserver gateway)
    {
        // A gateway that restarted keeps its id only if it re-registers; the latest reference wins.
        _gateway = gateway;
        Enqueue(delivery);
    }

    /// <summary>Queues a delivery to the gateway's current reference.</summary>
    public void Enqueue(GatewayDelivery delivery)
    {
        // Counted before it is written: a flush may then wait for a delivery a moment longer than needed, never less.
        Interlocked.Increment(ref _enqueued);
        _channel.Writer.TryWrite(delivery);
    }

    /// <summary>
    /// Completes once every delivery enqueued before the call has been delivered to the gateway, or handed back to its
    /// user's outbox: what is sent after it through any other path cannot overtake them.
    /// </summary>
    public Task FlushAsync()
    {
        var target = Interlocked.Read(ref _enqueued);
        lock (_flushLock)
        {
            if (_finished >= target || _stopped)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (_flushes ??= []).Add((target, done));
            return done.Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task SendLoopAsync()
    {
        try
        {
            await SendBatchesAsync().ConfigureAwait(false);
        }
        finally
        {
            lock (_flushLock)
            {
                _stopped = true;
                Finished(0);
            }
        }
    }

    private async Task SendBatchesAsync()
    {
        var batch = new List<GatewayDelivery>(MaxBatch);
        while (await _channel.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _channel.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            var items = batch.ToArray();
            batch.Clear();
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await _gateway.Deliver(items).ConfigureAwait(false);
                    break;
                }
#pragma warning disable CA1031 // Any failure to reach the gateway is retried, then hands the messages back to their users' outboxes.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    if (attempt < RetryDelays.Length)
                    {
                        LogPushRetried(ex, items.Length, attempt + 1);
                        await Task.Delay(RetryDelays[attempt]).ConfigureAwait(false);
                        continue;
                    }

                    LogPushFailed(ex, items.Length);
                    await _grainFactory.ReturnToOutboxesAsync(items, LogReturnFailed).ConfigureAwait(false);
                    break;
                }
            }

            lock (_flushLock)
            {
                Finished(items.Length);
            }
        }
    }

    /// <summary>Counts <paramref name="count"/> more deliveries finished and completes the flushes that waited for them.</summary>
    private void Finished(int count)
    {
        _finished += count;
        if (_flushes is not { Count: > 0 } flushes)
        {
            return;
        }

        for (var i = flushes.Count - 1; i >= 0; i--)
        {
            if (_stopped || flushes[i].Target <= _finished)
            {
                flushes[i].Done.TrySetResult();
                flushes.RemoveAt(i);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Push of {Count} messages to a gateway failed; retry {Attempt}")]
    private partial void LogPushRetried(Exception exception, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push of {Count} messages to a gateway failed; returning them to outboxes")]
    private partial void LogPushFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not return undelivered messages to user {UserId}")]
    private partial void LogReturnFailed(Exception exception, string userId);
}
