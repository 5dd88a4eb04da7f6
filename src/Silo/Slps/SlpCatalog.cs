using System.Collections.Concurrent;
using System.Security.Cryptography;
using GoRtc.SlpSdk;
using Microsoft.Extensions.Logging;

namespace GoRtc.Silo.Slps;

/// <summary>
/// The SLPs loaded on this silo. Each load of a name makes a new version; new instances use the newest version of a
/// name, running instances keep the version they started with.
/// </summary>
internal sealed partial class SlpCatalog
{
    private readonly ConcurrentDictionary<string, SlpVersion> _current = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Name, int Version), SlpVersion> _versions = new();
    private readonly TimeProvider _time;
    private readonly ILogger<SlpCatalog> _logger;
    private int _nextVersion;

    public SlpCatalog(TimeProvider time, ILogger<SlpCatalog> logger)
    {
        _time = time;
        _logger = logger;
    }

    /// <summary>The version new instances of <paramref name="name"/> use.</summary>
    public bool TryGetCurrent(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SlpVersion? version) =>
        _current.TryGetValue(name, out version);

    /// <summary>A specific version, for an instance that started on it.</summary>
    public bool TryGetVersion(string name, int version, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SlpVersion? slp) =>
        _versions.TryGetValue((name, version), out slp);

    public IReadOnlyCollection<SlpVersion> Current => _current.Values.ToArray();

    /// <summary>
    /// Loads an SLP assembly from its bytes under <paramref name="name"/>. Returns the error text instead of throwing:
    /// a plugin that fails to load must never take the server down.
    /// </summary>
    public string? Load(string name, string file, byte[] assembly, IReadOnlyDictionary<string, string> settings, out SlpVersion? loaded)
    {
        loaded = null;
        var version = Interlocked.Increment(ref _nextVersion);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(assembly));
        var context = new PluginLoadContext($"slp:{name}:{version}");
        try
        {
            using var stream = new MemoryStream(assembly, writable: false);
            var asm = context.LoadFromStream(stream);
            var candidates = asm.GetExportedTypes()
                .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Slp).IsAssignableFrom(t))
                .ToArray();
            if (candidates.Length != 1)
            {
                context.Unload();
                return candidates.Length == 0
                    ? $"{file} has no public, non-abstract class deriving from GoRtc.SlpSdk.Slp"
                    : $"{file} has {candidates.Length} SLP classes; a plugin assembly holds exactly one";
            }

            var slpType = candidates[0];
            if (slpType.GetConstructor(Type.EmptyTypes) is null)
            {
                context.Unload();
                return $"{slpType.FullName} has no public parameterless constructor";
            }

            object? shared = null;
            for (var t = slpType.BaseType; t is not null; t = t.BaseType)
            {
                if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Slp<>))
                {
                    shared = Activator.CreateInstance(t.GetGenericArguments()[0]);
                    break;
                }
            }

            loaded = new SlpVersion(name, version, file, sha256, slpType, shared, context, settings, _time.GetUtcNow());
            _versions[(name, version)] = loaded;
            _current[name] = loaded;
            LogLoaded(name, version, file, sha256);
            return null;
        }
#pragma warning disable CA1031 // A plugin's failure to load is reported, never thrown: it must not stop the server.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            context.Unload();
            LogLoadFailed(ex, name, file);
            return $"{file}: {ex.GetType().Name}: {ex.Message}";
        }
    }

    /// <summary>New dialogues can no longer select <paramref name="name"/>; running instances carry on.</summary>
    public bool Remove(string name) => _current.TryRemove(name, out _);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded SLP {Name} version {Version} from {File} (sha256 {Sha256})")]
    private partial void LogLoaded(string name, int version, string file, string sha256);

    [LoggerMessage(Level = LogLevel.Error, Message = "Failed to load SLP {Name} from {File}")]
    private partial void LogLoadFailed(Exception exception, string name, string file);
}
