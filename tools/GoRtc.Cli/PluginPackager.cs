using System.IO.Compression;

namespace GoRtc.Cli;

/// <summary>
/// Decides what to upload for a built plugin. A plugin shares the SDK, the message model and the framework with
/// the host (the silo loads it in a context that defers to its own assemblies), so those are never sent; any
/// other assembly beside it in the build output is a private dependency the server needs too, and then the
/// upload is a zip of the plugin and those assemblies. A plugin with no private dependency is sent as the bare
/// DLL, which is what the server stores and what an operator expects to see in a listing.
/// </summary>
internal static class PluginPackager
{
    /// <summary>Assemblies the host provides: exact names.</summary>
    private static readonly string[] HostAssemblies = ["GoRtc.SlpSdk.dll", "GoRtc.Jsip.dll"];

    /// <summary>Assemblies the host provides: name prefixes (the framework and the Microsoft.Extensions the SDK uses).</summary>
    private static readonly string[] HostAssemblyPrefixes = ["Microsoft.Extensions.", "System."];

    /// <summary>True when <paramref name="fileName"/> is one the host already has, so uploading it would be wrong.</summary>
    public static bool IsHostProvided(string fileName) =>
        Array.Exists(HostAssemblies, name => fileName.Equals(name, StringComparison.OrdinalIgnoreCase))
        || Array.Exists(HostAssemblyPrefixes, prefix => fileName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The private dependencies of the plugin at <paramref name="pluginPath"/>: the other DLLs of its folder that
    /// the host does not provide, sorted by name. Sub-folders (satellite resources, native runtimes) are not
    /// looked at: the server loads assemblies from one flat folder.
    /// </summary>
    public static IReadOnlyList<string> FindPrivateDependencies(string pluginPath)
    {
        var pluginFile = Path.GetFileName(pluginPath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(pluginPath)) ?? ".";
        var dependencies = new List<string>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.dll", SearchOption.TopDirectoryOnly))
        {
            var file = Path.GetFileName(path);
            if (!file.Equals(pluginFile, StringComparison.OrdinalIgnoreCase) && !IsHostProvided(file))
            {
                dependencies.Add(path);
            }
        }

        dependencies.Sort(StringComparer.Ordinal);
        return dependencies;
    }

    /// <summary>The upload for a built plugin: the DLL alone, or a zip with its private dependencies.</summary>
    public static async Task<PluginPackage> PackAsync(string pluginPath, CancellationToken cancellationToken)
    {
        var dependencies = FindPrivateDependencies(pluginPath);
        if (dependencies.Count == 0)
        {
            return await FromFileAsync(pluginPath, PluginPackage.DllContentType, cancellationToken);
        }

        List<string> files = [Path.GetFullPath(pluginPath), .. dependencies];
        using var buffer = new MemoryStream();
        await using (var zip = await ZipArchive.CreateAsync(buffer, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken))
        {
            foreach (var file in files)
            {
                await zip.CreateEntryFromFileAsync(file, Path.GetFileName(file), CompressionLevel.Optimal, cancellationToken);
            }
        }

        return new PluginPackage(Path.GetFileNameWithoutExtension(pluginPath) + ".zip", PluginPackage.ZipContentType, buffer.ToArray(), files);
    }

    /// <summary>A DLL or zip given on the command line, sent as it is.</summary>
    public static async Task<PluginPackage> FromFileAsync(string path, string contentType, CancellationToken cancellationToken)
    {
        var content = await File.ReadAllBytesAsync(path, cancellationToken);
        return new PluginPackage(Path.GetFileName(path), contentType, content, [Path.GetFullPath(path)]);
    }
}
