using Orleans.Concurrency;

namespace GoRtc.Grains.Plugins;

/// <summary>
/// Loads, lists and deletes plugins for the management API. It validates an upload on a silo before anything is
/// stored, then stores it and waits until every silo serves it. Stateless: any silo can answer.
/// </summary>
public interface IPluginManagerGrain : IGrainWithIntegerKey
{
    /// <summary>Every version of every plugin of <paramref name="kind"/> in the cluster.</summary>
    Task<PluginEntry[]> List(string kind);

    /// <summary>Stores and loads uploaded bytes (an assembly, or a zip of it and its private dependencies).</summary>
    Task<PluginChange> Upload(string kind, string name, string file, [Immutable] byte[] content);

    /// <summary>Stores and loads a file from the silo's plugins folder (the reference's <c>?file=</c>).</summary>
    Task<PluginChange> LoadFile(string kind, string name, string file);

    Task<PluginChange> Delete(string kind, string name);
}
