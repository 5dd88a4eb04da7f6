using System.Collections.Frozen;
using GoRtc.SlpSdk;

namespace GoRtc.Silo.Slps;

/// <summary>One loaded version of an SLP on this silo: its code, its shared context and its counters.</summary>
internal sealed class SlpVersion
{
    private long _created;
    private long _alive;

    public SlpVersion(string name, int version, string file, string sha256, Type slpType, object? shared,
        PluginLoadContext loadContext, IReadOnlyDictionary<string, string> settings, DateTimeOffset loadedAt)
    {
        Name = name;
        Version = version;
        File = file;
        Sha256 = sha256;
        SlpType = slpType;
        Shared = shared;
        LoadContext = loadContext;
        Settings = settings.ToFrozenDictionary(StringComparer.Ordinal);
        LoadedAt = loadedAt;
    }

    public string Name { get; }

    public int Version { get; }

    public string File { get; }

    public string Sha256 { get; }

    public Type SlpType { get; }

    public object? Shared { get; }

    public PluginLoadContext LoadContext { get; }

    public FrozenDictionary<string, string> Settings { get; }

    public DateTimeOffset LoadedAt { get; }

    /// <summary>Instances ever created (the reference's <c>used</c>, which it never counted).</summary>
    public long InstancesCreated => Interlocked.Read(ref _created);

    /// <summary>Instances alive now.</summary>
    public long InstancesAlive => Interlocked.Read(ref _alive);

    public Slp CreateInstance()
    {
        var slp = (Slp)Activator.CreateInstance(SlpType)!;
        Interlocked.Increment(ref _created);
        Interlocked.Increment(ref _alive);
        return slp;
    }

    public void InstanceEnded() => Interlocked.Decrement(ref _alive);
}
