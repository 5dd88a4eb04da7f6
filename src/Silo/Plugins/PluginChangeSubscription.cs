namespace GoRtc.Silo.Plugins;

/// <summary>One subscriber of a <see cref="PluginChangeNotifier"/>; disposing it (once or more) unsubscribes.</summary>
internal sealed class PluginChangeSubscription : IDisposable
{
    private readonly PluginChangeNotifier _notifier;
    private readonly Action _onChanged;
    private int _disposed;

    public PluginChangeSubscription(PluginChangeNotifier notifier, Action onChanged)
    {
        _notifier = notifier;
        _onChanged = onChanged;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _notifier.Remove(_onChanged);
        }
    }
}
