using System.Collections;

namespace GoRtc.Jsip;

/// <summary>
/// The headers of a message that the stack does not interpret (<c>P-Asserted-Identity</c>, <c>Content-Type</c>,
/// <c>Reason</c>, any application header), in arrival order. Names are case-sensitive, as JSON keys are.
/// A message rarely has more than a handful, so a list beats a dictionary here; most have none, so the list is made
/// with the first header.
/// </summary>
public sealed class JsipHeaderCollection : IEnumerable<KeyValuePair<string, JsipValue>>
{
    private List<KeyValuePair<string, JsipValue>>? _list;

    public JsipHeaderCollection()
    {
    }

    private JsipHeaderCollection(List<KeyValuePair<string, JsipValue>>? items) => _list = items;

    public int Count => _list?.Count ?? 0;

    private List<KeyValuePair<string, JsipValue>> Writable => _list ??= [];

    /// <summary>Gets a header or <c>default</c> (<see cref="JsipValue.IsEmpty"/>) when absent; setting replaces.</summary>
    public JsipValue this[string name]
    {
        get => TryGet(name, out var value) ? value : default;
        set => Set(name, value);
    }

    public bool TryGet(string name, out JsipValue value)
    {
        foreach (var item in this)
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
                _list!.RemoveAt(index);
            }

            return;
        }

        if (index >= 0)
        {
            _list![index] = new(name, value);
        }
        else
        {
            Writable.Add(new(name, value));
        }
    }

    public bool Remove(string name)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            return false;
        }

        _list!.RemoveAt(index);
        return true;
    }

    public void Clear() => _list?.Clear();

    /// <summary>A copy; values are immutable, so a shallow copy is a deep one.</summary>
    public JsipHeaderCollection Clone() => new(_list is { Count: > 0 } list ? new List<KeyValuePair<string, JsipValue>>(list) : null);

    /// <summary>Appends without the duplicate check: for the codec, which has already rejected duplicates.</summary>
    internal void AddUnchecked(string name, JsipValue value) => Writable.Add(new(name, value));

    public Enumerator GetEnumerator() => new(_list);

    IEnumerator<KeyValuePair<string, JsipValue>> IEnumerable<KeyValuePair<string, JsipValue>>.GetEnumerator() =>
        ((IEnumerable<KeyValuePair<string, JsipValue>>?)_list ?? []).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<KeyValuePair<string, JsipValue>>)this).GetEnumerator();

    private int IndexOf(string name)
    {
        var items = _list;
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            if (string.Equals(items![i].Key, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Enumerates the headers in order without allocating; the collection must not change meanwhile.</summary>
    public struct Enumerator
    {
        private readonly List<KeyValuePair<string, JsipValue>>? _items;
        private int _index;

        internal Enumerator(List<KeyValuePair<string, JsipValue>>? items)
        {
            _items = items;
            _index = -1;
        }

        public readonly KeyValuePair<string, JsipValue> Current => _items![_index];

        public bool MoveNext() => ++_index < (_items?.Count ?? 0);
    }
}
