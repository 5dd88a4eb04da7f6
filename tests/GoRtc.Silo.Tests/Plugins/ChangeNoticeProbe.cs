using System.Threading.Channels;
using GoRtc.Silo.Plugins;

namespace GoRtc.Silo.Tests.Plugins;

/// <summary>Subscribes to a store and lets a test wait for a notice after which something is visible.</summary>
public sealed class ChangeNoticeProbe : IDisposable
{
    private readonly Channel<bool> _notices = Channel.CreateUnbounded<bool>();
    private readonly IDisposable _subscription;

    public ChangeNoticeProbe(IPluginStore store) =>
        _subscription = store.Subscribe(() => _notices.Writer.TryWrite(true));

    /// <summary>Forgets notices received so far, so the next wait needs a new one.</summary>
    public void Drain()
    {
        while (_notices.Reader.TryRead(out _))
        {
        }
    }

    /// <summary>
    /// Waits for a notice after which <paramref name="seen"/> holds; false if <paramref name="within"/> passes first.
    /// </summary>
    public async Task<bool> WaitAsync(Func<Task<bool>> seen, TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        try
        {
            while (true)
            {
                await _notices.Reader.ReadAsync(deadline.Token);
                if (await seen())
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose() => _subscription.Dispose();
}
