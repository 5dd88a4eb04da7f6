using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace GoRtc.Silo.Plugins;

/// <summary>The in-process subscribers of one store, called when a change notice arrives.</summary>
internal sealed partial class PluginChangeNotifier
{
    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private ImmutableArray<Action> _subscribers = [];

    public PluginChangeNotifier(ILogger logger) => _logger = logger;

    public bool HasSubscribers
    {
        get
        {
            lock (_gate)
            {
                return !_subscribers.IsEmpty;
            }
        }
    }

    public IDisposable Add(Action onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        lock (_gate)
        {
            _subscribers = _subscribers.Add(onChanged);
        }

        return new PluginChangeSubscription(this, onChanged);
    }

    public void Remove(Action onChanged)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Remove(onChanged);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _subscribers = [];
        }
    }

    /// <summary>Calls every subscriber; one that throws is logged and does not keep the others from hearing.</summary>
    public void Notify()
    {
        ImmutableArray<Action> subscribers;
        lock (_gate)
        {
            subscribers = _subscribers;
        }

        foreach (var onChanged in subscribers)
        {
            try
            {
                onChanged();
            }
#pragma warning disable CA1031 // A subscriber's failure is its own; it must not break the notice path of the store.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogSubscriberFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A plugin store change subscriber threw")]
    private partial void LogSubscriberFailed(Exception exception);
}
