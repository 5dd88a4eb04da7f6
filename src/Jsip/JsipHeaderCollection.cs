using System.Collections;

namespace GoRtc.Jsip;

/// <summary>
/// The headers of a message that the stack does not interpret (<c>P-Asserted-Identity</c>, <c>Content-Type</c>,
/// <c>Reason</c>, any application header), in arrival order. Names are case-sensitive, as JSON keys are.
/// A message rarely has more than a handful, so a list beats a dictionary here.
/// </summary>
public sealed class JsipHeaderCollection : IEnumerable<KeyValuePair<string, JsipValue>>
{
    private readonly List<KeyValuePair<string, JsipValue>> _items;

    public JsipHeaderCollection() => _items = [];

    private JsipHeaderCollection(List<KeyValuePair<string, JsipValue>> items) => _items = items;

    public int Count => _items.Count;

    /// <summary>Gets a header or <c>default</c> (<see cref="JsipValue.IsEmpty"/>) when absent; setting replaces.</summary>
    public JsipValue this[string name]
    {
        get => TryGet(name, out var value) ? value : default;
        set => Set(name, value);
    }

    public bool TryGet(string name, out JsipValue value)
    {
        foreach (var item in _items)
        {
            if (string.Equals(item.Key, name, StringComparison.Ordinal))
            {
                value = item.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>Adds or replaces a header; an empty value removes it.</summary>
    public void Set(string name, JsipValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (JsipHeaderNames.IsTyped(name))
        {
            throw new ArgumentException($"'{name}' is a typed header: set it through its JsipMessage property.", nameof(name));
        }

        var index = IndexOf(name);
        if (value.IsEmpty)
        {
            if (index >= 0)
            {
                _items.RemoveAt(index);
            }

            return;
        }

        if (index >= 0)
        {
            _items[index] = new(name, value);
        }
        else
        {
            _items.Add(new(name, value));
        }
    }

    public bool Remove(string name)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            return false;
        }

        _items.RemoveAt(index);
        return true;
    }

    public void Clear() => _items.Clear();

    /// <summary>A copy; values are immutable, so a shallow copy is a deep one.</summary>
    public JsipHeaderCollection Clone() => new(new List<KeyValuePair<string, JsipValue>>(_items));

    /// <summary>Appends without the duplicate check: for the codec, which has already rejected duplicates.</summary>
    internal void AddUnchecked(string name, JsipValue value) => _items.Add(new(name, value));

    public List<KeyValuePair<string, JsipValue>>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<KeyValuePair<string, JsipValue>> IEnumerable<KeyValuePair<string, JsipValue>>.GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    private int IndexOf(string name)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (string.Equals(_items[i].Key, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
