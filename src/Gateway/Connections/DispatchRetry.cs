using GoRtc.Gateway.Hosting;

namespace GoRtc.Gateway.Connections;

/// <summary>What became of a message handed to the cluster.</summary>
internal enum DispatchOutcome
{
    /// <summary>The cluster took it.</summary>
    Delivered,

    /// <summary>The cluster could not be reached, or did not answer, within every retry: answer 503.</summary>
    Unavailable,

    /// <summary>The cluster refused it with an error of its own: answer 500.</summary>
    Failed,
}

/// <summary>
/// Hands a message to the cluster again when the attempt failed because the cluster was changing — a silo just died
/// or restarted, a grain's first activation on a settling silo outlasted the response timeout. Sending again is safe:
/// to the JSIP stack a second copy is a retransmission, answered with the answer it already gave (or absorbed, for a
/// response or an ACK). The socket's later messages wait meanwhile, so their order is kept.
/// </summary>
internal sealed class DispatchRetry
{
    private readonly int _retries;
    private readonly TimeSpan _firstDelay;
    private readonly TimeProvider _time;

    public DispatchRetry(int retries, TimeSpan firstDelay, TimeProvider time)
    {
        _retries = retries;
        _firstDelay = firstDelay;
        _time = time;
    }

    /// <summary>
    /// Takes over after the first attempt at <paramref name="dispatch"/> failed with <paramref name="failure"/>:
    /// retries a transient failure after <c>firstDelay</c>, then 4× as long each time. <paramref name="onFailure"/>
    /// hears of every failed attempt, the first included. The first attempt is the caller's own, so that the path of
    /// every message that succeeds at once costs nothing more.
    /// </summary>
    public async Task<DispatchOutcome> RetryAsync<TState>(Exception failure, Func<TState, Task> dispatch, Action<TState, Exception, int> onFailure, TState state)
    {
        var delay = _firstDelay;
        for (var attempt = 1; ; attempt++)
        {
            onFailure(state, failure, attempt);
            if (!ClusterFailures.IsTransient(failure))
            {
                return DispatchOutcome.Failed;
            }

            if (attempt > _retries)
            {
                return DispatchOutcome.Unavailable;
            }

            await Task.Delay(delay, _time).ConfigureAwait(false);
            delay *= 4;
            try
            {
                await dispatch(state).ConfigureAwait(false);
                return DispatchOutcome.Delivered;
            }
#pragma warning disable CA1031 // Any failure is answered (500 or 503); none may end the socket.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ex;
            }
        }
    }
}
