using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using GoRtc.Silo.Apis;
using GoRtc.Silo.Slps;
using GoRtc.SlpSdk;
using Microsoft.Extensions.Logging;

namespace GoRtc.Silo.Plugins;

/// <summary>
/// The plugins loaded on this silo: for each SLP and API name its current version, plus retired versions that still
/// have instances (or requests) running. New dialogues use the current version; a running instance keeps the version
/// it started with; a retired version with nothing running is dropped and its package unloaded once no other version
/// shares it.
/// </summary>
internal sealed partial class PluginCatalog
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, SlpVersion> _slps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ApiVersion> _apis = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Name, int Version), SlpVersion> _slpVersions = new();
    private readonly Dictionary<(PluginKind Kind, string Name, int Version), PluginVersion> _live = [];
    private readonly Dictionary<string, PluginPackage> _packages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(PluginKind Kind, string Name, int Version), string> _failures = new();
    private readonly TimeProvider _time;
    private readonly ILogger<PluginCatalog> _logger;

    public PluginCatalog(TimeProvider time, ILogger<PluginCatalog> logger)
    {
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised (outside any lock) when the set of loaded versions or packages changes.</summary>
    public event Action? Changed;

    /// <summary>The version new instances of SLP <paramref name="name"/> use.</summary>
    public bool TryGetSlp(string name, [NotNullWhen(true)] out SlpVersion? version) => _slps.TryGetValue(name, out version);

    /// <summary>A specific SLP version still loaded here, for an instance that started on it.</summary>
    public bool TryGetSlpVersion(string name, int version, [NotNullWhen(true)] out SlpVersion? slp) =>
        _slpVersions.TryGetValue((name, version), out slp);

    /// <summary>The current version of API <paramref name="name"/> (e.g. <c>chatroom.v1</c>).</summary>
    public bool TryGetApi(string name, [NotNullWhen(true)] out ApiVersion? version) => _apis.TryGetValue(name, out version);

    /// <summary>True when this exact version is the current one of its name.</summary>
    public bool IsCurrent(PluginKind kind, string name, int version) => kind == PluginKind.Slp
        ? _slps.TryGetValue(name, out var slp) && slp.Version == version
        : _apis.TryGetValue(name, out var api) && api.Version == version;

    /// <summary>Every version loaded here (current and retired-but-running).</summary>
    public IReadOnlyList<(PluginKind Kind, PluginVersion Version)> Loaded
    {
        get
        {
            lock (_gate)
            {
                return _live.Select(e => (e.Key.Kind, e.Value)).ToArray();
            }
        }
    }

    /// <summary>Versions that could not be loaded here, with the reason.</summary>
    public IReadOnlyDictionary<(PluginKind Kind, string Name, int Version), string> Failures => _failures;

    /// <summary>Number of plugin packages (load contexts) alive on this silo.</summary>
    public int PackageCount
    {
        get
        {
            lock (_gate)
            {
                return _packages.Count;
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="record"/> the current version of its name, loading its bytes (or sharing the package of
    /// identical bytes). Returns the reason instead of throwing: a plugin that fails to load must never take the
    /// server down; the previous version then stays current.
    /// </summary>
    public string? Load(PluginRecord record, ReadOnlyMemory<byte> content, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = (record.Kind, record.Name, record.Version);
        PluginVersion? previous;
        lock (_gate)
        {
            if (_live.ContainsKey(key))
            {
                return null;
            }

            PluginPackage? package = null;
            var created = false;
            try
            {
                if (!_packages.TryGetValue(record.Sha256, out package))
                {
                    package = PluginPackageLoader.Load(record.Sha256, record.Name, content, OnPackageUnused);
                    created = true;
                }

                var version = CreateVersion(record, package, settings);
                package.AddReference();
                if (created)
                {
                    _packages[record.Sha256] = package;
                }

                _live[key] = version;
                _failures.TryRemove(key, out _);
                if (version is SlpVersion slp)
                {
                    _slpVersions[(record.Name, record.Version)] = slp;
                    previous = _slps.TryGetValue(record.Name, out var old) ? old : null;
                    _slps[record.Name] = slp;
                }
                else
                {
                    var api = (ApiVersion)version;
                    previous = _apis.TryGetValue(record.Name, out var old) ? old : null;
                    _apis[record.Name] = api;
                }
            }
#pragma warning disable CA1031 // Whatever a plugin does while loading is reported, never thrown.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (created)
                {
                    package!.Context.Unload();
                }

                var reason = ex is PluginLoadException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
                _failures[key] = reason;
                LogLoadFailed(ex, record.Kind, record.Name, record.Version, record.File, reason);
                return reason;
            }
        }

        LogLoaded(record.Kind, record.Name, record.Version, record.File, record.Sha256);
        previous?.Retire();
        Changed?.Invoke();
        return null;
    }

    /// <summary>New requests can no longer select <paramref name="name"/>; what runs on it carries on.</summary>
    public bool Remove(PluginKind kind, string name)
    {
        PluginVersion? removed;
        lock (_gate)
        {
            removed = kind == PluginKind.Slp
                ? _slps.TryRemove(name, out var slp) ? slp : null
                : _apis.TryRemove(name, out var api) ? api : null;
        }

        if (removed is null)
        {
            return false;
        }

        LogRemoved(kind, name, removed.Version);
        removed.Retire();
        Changed?.Invoke();
        return true;
    }

    /// <summary>
    /// Checks that <paramref name="content"/> is a plugin of <paramref name="kind"/> that can be instantiated, in a
    /// throw-away context: the answer to an upload comes before anything is stored. Null when it is good.
    /// </summary>
    public static string? Validate(PluginKind kind, string name, ReadOnlyMemory<byte> content)
    {
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content.Span));
        PluginPackage package;
        try
        {
            package = PluginPackageLoader.Load(sha256, $"validate:{name}", content, static _ => { });
        }
        catch (PluginLoadException ex)
        {
            return ex.Message;
        }

        package.AddReference();
        try
        {
            var type = PluginTypeOf(kind, package);
            object instance;
            try
            {
                instance = Activator.CreateInstance(type)!;
            }
            catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException is not null)
            {
                return $"the constructor of {type.FullName} threw {ex.InnerException.GetType().Name}: {ex.InnerException.Message}";
            }

            var sharedType = instance is Api api ? api.SharedType : SlpVersion.SharedTypeOf(type);
            try
            {
                package.GetShared(sharedType);
            }
            catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException is not null)
            {
                return $"the constructor of the shared context {sharedType!.FullName} threw {ex.InnerException.GetType().Name}: {ex.InnerException.Message}";
            }

            return null;
        }
        catch (PluginLoadException ex)
        {
            return ex.Message;
        }
#pragma warning disable CA1031 // Validation reports whatever plugin code throws.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
        finally
        {
            package.Release();
        }
    }

    private PluginVersion CreateVersion(PluginRecord record, PluginPackage package, IReadOnlyDictionary<string, string> settings)
    {
        var type = PluginTypeOf(record.Kind, package);
        var now = _time.GetUtcNow();
        return record.Kind == PluginKind.Slp
            ? new SlpVersion(record, package, type, settings, now, OnVersionUnused)
            : new ApiVersion(record, package, type, settings, now, OnVersionUnused);
    }

    private static Type PluginTypeOf(PluginKind kind, PluginPackage package)
    {
        var (types, what) = kind == PluginKind.Slp ? (package.SlpTypes, "GoRtc.SlpSdk.Slp") : (package.ApiTypes, "GoRtc.SlpSdk.Api");
        return types.Count switch
        {
            1 => types[0],
            0 => throw new PluginLoadException($"{package.Assembly.GetName().Name} has no public, non-abstract class deriving from {what}"),
            _ => throw new PluginLoadException($"{package.Assembly.GetName().Name} has {types.Count} classes deriving from {what}; a plugin assembly holds one"),
        };
    }

    private void OnVersionUnused(PluginVersion version)
    {
        var kind = version is SlpVersion ? PluginKind.Slp : PluginKind.Api;
        lock (_gate)
        {
            _live.Remove((kind, version.Name, version.Version));
            if (version is SlpVersion)
            {
                _slpVersions.TryRemove((version.Name, version.Version), out _);
            }

            version.Package.Release();
        }

        LogUnloaded(kind, version.Name, version.Version);
        Changed?.Invoke();
    }

    // Called by the package under _gate (from Release above).
    private void OnPackageUnused(PluginPackage package) => _packages.Remove(package.Sha256);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Kind} {Name} version {Version} from {File} (sha256 {Sha256})")]
    private partial void LogLoaded(PluginKind kind, string name, int version, string file, string sha256);

    [LoggerMessage(Level = LogLevel.Error, Message = "Failed to load {Kind} {Name} version {Version} from {File}: {Reason}")]
    private partial void LogLoadFailed(Exception exception, PluginKind kind, string name, int version, string file, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Kind} {Name}; version {Version} retires when its last use ends")]
    private partial void LogRemoved(PluginKind kind, string name, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unloaded {Kind} {Name} version {Version}: nothing uses it any more")]
    private partial void LogUnloaded(PluginKind kind, string name, int version);
}
