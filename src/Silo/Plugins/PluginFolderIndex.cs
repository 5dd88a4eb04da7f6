namespace GoRtc.Silo.Plugins;

/// <summary>The content of <c>plugins.json</c> in a <see cref="FolderPluginStore"/>.</summary>
/// <param name="LastVersion">The last version number handed out; kept even when its record is gone so none is reused.</param>
/// <param name="Records">The current record of every (kind, name).</param>
/// <param name="Deleted">Names deleted by an operator, so seeding never brings them back.</param>
internal sealed record PluginFolderIndex(int LastVersion, IReadOnlyList<PluginRecord> Records, IReadOnlyList<PluginKey> Deleted)
{
    public static PluginFolderIndex Empty { get; } = new(0, [], []);

    public PluginRecord? Find(PluginKey key) => Records.FirstOrDefault(key.Names);

    public bool IsDeleted(PluginKey key) => Deleted.Contains(key);
}
