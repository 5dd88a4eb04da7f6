namespace GoRtc.Silo.Plugins;

/// <summary>What a current record is stored under: names are separate per kind and compared ordinally.</summary>
internal readonly record struct PluginKey(PluginKind Kind, string Name)
{
    /// <summary>Whether <paramref name="record"/> is a version of this (kind, name).</summary>
    public bool Names(PluginRecord record) =>
        record.Kind == Kind && string.Equals(record.Name, Name, StringComparison.Ordinal);

    /// <summary><c>Slp:name</c>: the Redis hash field. The kind never contains ':', so the form is unambiguous.</summary>
    public override string ToString() => $"{Kind}:{Name}";
}
