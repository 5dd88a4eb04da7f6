using System.Globalization;
using System.Text;

namespace GoRtc.Testing;

/// <summary>The last N lines a child process wrote to stdout and stderr, in arrival order. Thread-safe.</summary>
internal sealed class OutputRingBuffer(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Queue<(bool IsError, string Text)> _lines = new();
    private readonly List<Action<string>> _listeners = [];
    private long _dropped;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public void Add(bool isError, string text)
    {
        Action<string>[] listeners;
        lock (_lock)
        {
            if (_lines.Count == Capacity)
            {
                _lines.Dequeue();
                _dropped++;
            }

            _lines.Enqueue((isError, text));
            listeners = [.. _listeners];
        }

        foreach (var listener in listeners)
        {
            listener(text);
        }
    }

    public IReadOnlyList<string> Lines()
    {
        lock (_lock)
        {
            return _lines.Select(l => l.Text).ToArray();
        }
    }

    /// <summary>Subscribes, then returns the lines already captured (so no line is missed between the two).</summary>
    public IReadOnlyList<string> Subscribe(Action<string> listener)
    {
        lock (_lock)
        {
            _listeners.Add(listener);
            return _lines.Select(l => l.Text).ToArray();
        }
    }

    public void Unsubscribe(Action<string> listener)
    {
        lock (_lock)
        {
            _listeners.Remove(listener);
        }
    }

    public string Render()
    {
        lock (_lock)
        {
            var builder = new StringBuilder();
            if (_dropped > 0)
            {
                builder.Append(CultureInfo.InvariantCulture, $"    … {_dropped} earlier lines dropped …").AppendLine();
            }

            foreach (var (isError, text) in _lines)
            {
                builder.Append(isError ? "    err| " : "    out| ").AppendLine(text);
            }

            return _lines.Count == 0 && _dropped == 0 ? "    (no output)" : builder.ToString().TrimEnd();
        }
    }
}
