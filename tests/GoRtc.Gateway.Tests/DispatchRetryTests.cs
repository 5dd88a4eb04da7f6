using GoRtc.Gateway.Connections;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;
using Xunit;

namespace GoRtc.Gateway.Tests;

public sealed class DispatchRetryTests
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    private readonly FakeTimeProvider _time = new();
    private readonly List<int> _failedAttempts = [];

    [Fact]
    public async Task Message_the_cluster_did_not_take_is_sent_again_after_growing_pauses()
    {
        var retry = new DispatchRetry(3, FirstDelay, _time);
        var attempts = 0;

        var outcome = retry.RetryAsync(new SiloUnavailableException(), _ => ++attempts < 2 ? throw new TimeoutException() : Task.CompletedTask, Record, 0);
        _time.Advance(FirstDelay - TimeSpan.FromTicks(1));
        await Task.Delay(50);
        Assert.Equal(0, attempts); // not before the pause has passed
        _time.Advance(TimeSpan.FromTicks(1));
        await Eventually(() => _failedAttempts.Count == 2);
        Assert.Equal(1, attempts);
        _time.Advance((4 * FirstDelay) - TimeSpan.FromTicks(1));
        await Task.Delay(50);
        Assert.Equal(1, attempts); // the second pause is 4× the first
        _time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(DispatchOutcome.Delivered, await outcome.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(2, attempts);
        Assert.Equal([1, 2], _failedAttempts);
    }

    [Fact]
    public async Task Cluster_that_never_takes_the_message_is_reported_unavailable_after_the_last_retry()
    {
        var retry = new DispatchRetry(2, FirstDelay, _time);
        var attempts = 0;

        var outcome = retry.RetryAsync(new TimeoutException(), _ => { attempts++; throw new TimeoutException(); }, Record, 0);
        _time.Advance(FirstDelay);
        await Eventually(() => _failedAttempts.Count == 2);
        _time.Advance(4 * FirstDelay);

        Assert.Equal(DispatchOutcome.Unavailable, await outcome.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(2, attempts);
        Assert.Equal([1, 2, 3], _failedAttempts);
    }

    [Fact]
    public async Task Error_of_the_call_itself_is_not_retried()
    {
        var retry = new DispatchRetry(3, FirstDelay, _time);
        var attempts = 0;

        var outcome = await retry.RetryAsync(new InvalidOperationException("refused"), _ => { attempts++; return Task.CompletedTask; }, Record, 0);

        Assert.Equal(DispatchOutcome.Failed, outcome);
        Assert.Equal(0, attempts);
    }

    [Fact]
    public async Task No_retries_configured_reports_a_transient_failure_unavailable_at_once()
    {
        var retry = new DispatchRetry(0, FirstDelay, _time);

        var outcome = await retry.RetryAsync(new SiloUnavailableException(), _ => Task.CompletedTask, Record, 0);

        Assert.Equal(DispatchOutcome.Unavailable, outcome);
    }

    /// <summary>Waits for the retry's continuation, which runs on the thread pool once the fake clock fired its pause.</summary>
    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the retry did not go on");
            await Task.Delay(5);
        }
    }

    private void Record(int state, Exception failure, int attempt)
    {
        lock (_failedAttempts)
        {
            _failedAttempts.Add(attempt);
        }
    }
}
