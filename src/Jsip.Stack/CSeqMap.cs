using System.Diagnostics.CodeAnalysis;

namespace GoRtc.Jsip.Stack;

/// <summary>
/// Values of one dialogue keyed by CSeq. A dialogue rarely holds more than a few transactions at once, so up to
/// <see cref="SmallLimit"/> entries sit in a small array searched in order: cheaper to create, search and keep than a
/// dictionary. That matters because every dialogue has two of these and an ended one keeps its table for transtimer,
/// long enough for the GC to copy it. A busy long-lived dialogue that holds more moves to a dictionary, so that every
/// operation stays O(1) under any load, and back once it holds few again.
/// </summary>
/// <remarks>
/// A mutable struct, to save an object per map: keep it in a non-readonly field and never copy it. Enumeration order
/// is unspecified; callers that need an order sort by what they know of their values.
/// </remarks>
internal struct CSeqMap<T>
    where T : class
{
    /// <summary>Entries searched in order before the map moves to a dictionary.</summary>
    internal const int SmallLimit = 8;

    private (uint Key, T Value)[]? _small;
    private int _smallCount;
    private Dictionary<uint, T>? _large;

    public readonly int Count => _large?.Count ?? _smallCount;

    public readonly T? GetValueOrDefault(uint key)
    {
        if (_large is not null)
        {
            return _large.GetValueOrDefault(key);
        }

        var i = SmallIndexOf(key);
        return i >= 0 ? _small![i].Value : null;
    }

    public readonly bool TryGetValue(uint key, [NotNullWhen(true)] out T? value)
    {
        value = GetValueOrDefault(key);
        return value is not null;
    }

    public readonly bool ContainsKey(uint key) => _large?.ContainsKey(key) ?? SmallIndexOf(key) >= 0;

    /// <summary>Adds a value under a key that is not present.</summary>
    public void Add(uint key, T value)
    {
        if (_large is not null)
        {
            _large.Add(key, value);
            return;
        }

        if (SmallIndexOf(key) >= 0)
        {
            throw new ArgumentException($"CSeq {key} is already present.", nameof(key));
        }

        if (_smallCount == SmallLimit)
        {
            MoveToLarge();
            _large!.Add(key, value);
            return;
        }

        if (_small is null || _smallCount == _small.Length)
        {
            Array.Resize(ref _small, _small is null ? 2 : _small.Length * 2);
        }

        _small[_smallCount++] = (key, value);
    }

    public bool Remove(uint key)
    {
        if (_large is not null)
        {
            if (!_large.Remove(key))
            {
                return false;
            }

            if (_large.Count <= SmallLimit / 2)
            {
                MoveToSmall();
            }

            return true;
        }

        var i = SmallIndexOf(key);
        if (i < 0)
        {
            return false;
        }

        _smallCount--;
        if (_smallCount == 0)
        {
            _small = null; // an ended dialogue keeps its table for transtimer: keep nothing in it that is not needed
            return true;
        }

        _small![i] = _small[_smallCount];
        _small[_smallCount] = default;
        return true;
    }

    /// <summary>Removes every value for which <paramref name="predicate"/> holds.</summary>
    public void RemoveAll<TState>(Func<T, TState, bool> predicate, TState state)
    {
        if (_large is not null)
        {
            // Removing while enumerating is allowed for Dictionary.Remove.
            foreach (var (key, value) in _large)
            {
                if (predicate(value, state))
                {
                    _large.Remove(key);
                }
            }

            if (_large.Count <= SmallLimit / 2)
            {
                MoveToSmall();
            }

            return;
        }

        for (var i = _smallCount - 1; i >= 0; i--)
        {
            // Removing swaps the last entry in, which this backward walk has already seen.
            if (predicate(_small![i].Value, state))
            {
                Remove(_small[i].Key);
            }
        }
    }

    /// <summary>The values (a copy, safe to keep while the map changes).</summary>
    public readonly T[] ToArray()
    {
        if (_large is not null)
        {
            return [.. _large.Values];
        }

        var values = new T[_smallCount];
        for (var i = 0; i < _smallCount; i++)
        {
            values[i] = _small![i].Value;
        }

        return values;
    }

    public readonly Enumerator GetEnumerator() => new(this);

    private readonly int SmallIndexOf(uint key)
    {
        for (var i = 0; i < _smallCount; i++)
        {
            if (_small![i].Key == key)
            {
                return i;
            }
        }

        return -1;
    }

    private void MoveToLarge()
    {
        var large = new Dictionary<uint, T>(SmallLimit * 2);
        for (var i = 0; i < _smallCount; i++)
        {
            large.Add(_small![i].Key, _small[i].Value);
        }

        _large = large;
        _small = null;
        _smallCount = 0;
    }

    private void MoveToSmall()
    {
        var large = _large!;
        _large = null;
        _small = large.Count == 0 ? null : new (uint, T)[SmallLimit];
        _smallCount = 0;
        foreach (var (key, value) in large)
        {
            _small![_smallCount++] = (key, value);
        }
    }

    /// <summary>Enumerates the values without allocating; the map must not change meanwhile.</summary>
    public struct Enumerator
    {
        private readonly (uint Key, T Value)[]? _small;
        private readonly int _smallCount;
        private Dictionary<uint, T>.ValueCollection.Enumerator _large;
        private readonly bool _isLarge;
        private int _position;

        internal Enumerator(CSeqMap<T> map)
        {
            _small = map._small;
            _smallCount = map._smallCount;
            _isLarge = map._large is not null;
            _large = _isLarge ? map._large!.Values.GetEnumerator() : default;
            _position = -1;
        }

        public readonly T Current => _isLarge ? _large.Current : _small![_position].Value;

        public bool MoveNext() => _isLarge ? _large.MoveNext() : ++_position < _smallCount;
    }
}
