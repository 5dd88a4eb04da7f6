using System.Reflection;
using System.Runtime.Loader;

namespace GoRtc.Silo.Plugins;

/// <summary>
/// A collectible load context for one plugin package (one uploaded set of bytes). The SDK, the JSIP library and the
/// framework are always the host's (returning null defers to the default context), so the plugin's <c>Slp</c> and
/// <c>Api</c> base types are the host's own, even when a zip carries its own copy of them. Private dependencies come
/// from the package's bytes, never from files, so nothing is locked on disk and the context can unload.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly IReadOnlyDictionary<string, byte[]> _dependencies;

    public PluginLoadContext(string name, IReadOnlyDictionary<string, byte[]> dependencies)
        : base(name, isCollectible: true)
    {
        _dependencies = dependencies;
    }

    /// <summary>Assemblies the host shares with every plugin; a plugin's own copy of them is ignored.</summary>
    public static bool IsHostShared(string? simpleName) =>
        simpleName is null
        || simpleName is "netstandard" or "mscorlib" or "GoRtc.SlpSdk" or "GoRtc.Jsip"
        || simpleName.StartsWith("System.", StringComparison.Ordinal)
        || simpleName.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
        || simpleName.StartsWith("Microsoft.", StringComparison.Ordinal) && IsInDefaultContext(simpleName);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (IsHostShared(assemblyName.Name) || !_dependencies.TryGetValue(assemblyName.Name!, out var bytes))
        {
            return null;
        }

        using var stream = new MemoryStream(bytes, writable: false);
        return LoadFromStream(stream);
    }

    private static bool IsInDefaultContext(string simpleName) =>
        Default.Assemblies.Any(a => string.Equals(a.GetName().Name, simpleName, StringComparison.Ordinal));
}
