using System.Collections.Concurrent;
using System.Reflection;

namespace GoRtc.Silo.Plugins;

/// <summary>
/// One uploaded set of plugin bytes, loaded into its own collectible context. SLP and API records with the same
/// bytes share the package, and with it the shared objects (<c>Slp&lt;TShared&gt;</c>, <c>Api&lt;TShared&gt;</c>):
/// that is how the chatroom's API sees the chatroom SLP's rooms. The package unloads when the last version using it
/// is released.
/// </summary>
internal sealed class PluginPackage
{
    private readonly ConcurrentDictionary<Type, object> _shared = new();
    private readonly Action<PluginPackage> _onUnused;
    private int _references;

    public PluginPackage(string sha256, PluginLoadContext context, Assembly assembly, IReadOnlyList<Type> slpTypes,
        IReadOnlyList<Type> apiTypes, Action<PluginPackage> onUnused)
    {
        Sha256 = sha256;
        Context = context;
        Assembly = assembly;
        SlpTypes = slpTypes;
        ApiTypes = apiTypes;
        StateScope = assembly.GetName().Name ?? sha256;
        _onUnused = onUnused;
    }

    public string Sha256 { get; }

    public PluginLoadContext Context { get; }

    /// <summary>The assembly holding the plugin types.</summary>
    public Assembly Assembly { get; }

    public IReadOnlyList<Type> SlpTypes { get; }

    public IReadOnlyList<Type> ApiTypes { get; }

    /// <summary>
    /// The name its cluster state is kept under: the assembly's name, so every version of the plugin, and the SLP and
    /// API built into it, see the same entries.
    /// </summary>
    public string StateScope { get; }

    /// <summary>The one object of <paramref name="sharedType"/> for this package, created on first use.</summary>
    public object? GetShared(Type? sharedType) =>
        sharedType is null ? null : _shared.GetOrAdd(sharedType, static t => Activator.CreateInstance(t)!);

    public void AddReference() => Interlocked.Increment(ref _references);

    /// <summary>Drops one reference; the last one clears the shared objects and unloads the context.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _shared.Clear();
            Context.Unload();
            _onUnused(this);
        }
    }
}
