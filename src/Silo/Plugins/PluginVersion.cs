using System.Collections.Frozen;

namespace GoRtc.Silo.Plugins;

/// <summary>
/// One loaded version of a named plugin on this silo, and its life: it serves while it is current; once a newer
/// version replaces it, or it is deleted, it is retired, and when nothing uses it any more (no SLP instance, no API
/// request in progress) it lets go of its package, so the package can unload.
/// </summary>
internal abstract class PluginVersion
{
    private readonly Lock _gate = new();
    private readonly Action<PluginVersion> _onUnused;
    private long _created;
    private long _alive;
    private bool _retired;
    private bool _released;

    protected PluginVersion(PluginRecord record, PluginPackage package, Type pluginType, IReadOnlyDictionary<string, string> settings,
        DateTimeOffset loadedAt, Action<PluginVersion> onUnused)
    {
        Record = record;
        Package = package;
        PluginType = pluginType;
        Settings = settings.ToFrozenDictionary(StringComparer.Ordinal);
        LoadedAt = loadedAt;
        _onUnused = onUnused;
    }

    public PluginRecord Record { get; }

    public string Name => Record.Name;

    public int Version => Record.Version;

    public string File => Record.File;

    public string Sha256 => Record.Sha256;

    public PluginPackage Package { get; }

    public Type PluginType { get; }

    public FrozenDictionary<string, string> Settings { get; }

    public DateTimeOffset LoadedAt { get; }

    /// <summary>Uses ever begun: SLP instances ever created, or API requests ever served (the reference's <c>used</c>).</summary>
    public long InstancesCreated => Interlocked.Read(ref _created);

    /// <summary>Uses in progress: SLP instances alive, or API requests being served.</summary>
    public long InstancesAlive => Interlocked.Read(ref _alive);

    public bool IsRetired
    {
        get
        {
            lock (_gate)
            {
                return _retired;
            }
        }
    }

    /// <summary>Begins one use; false once the version has let go of its code.</summary>
    protected bool TryAcquire()
    {
        lock (_gate)
        {
            if (_released)
            {
                return false;
            }

            _created++;
            _alive++;
            return true;
        }
    }

    /// <summary>Ends one use; the last use of a retired version releases it.</summary>
    public void EndUse()
    {
        bool release;
        lock (_gate)
        {
            _alive--;
            release = _retired && _alive == 0 && !_released;
            _released |= release;
        }

        if (release)
        {
            _onUnused(this);
        }
    }

    /// <summary>No new uses will be asked of this version; it is released now if nothing uses it.</summary>
    public void Retire()
    {
        bool release;
        lock (_gate)
        {
            _retired = true;
            release = _alive == 0 && !_released;
            _released |= release;
        }

        if (release)
        {
            _onUnused(this);
        }
    }
}
