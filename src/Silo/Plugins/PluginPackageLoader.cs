using System.IO.Compression;
using System.Reflection;
using GoRtc.SlpSdk;

namespace GoRtc.Silo.Plugins;

/// <summary>
/// Turns uploaded bytes into a <see cref="PluginPackage"/>: a single assembly, or a zip of the plugin assembly and its
/// private dependencies. Everything that can be wrong with an upload is reported as a
/// <see cref="PluginLoadException"/> with a reason, and a context that was created is unloaded again.
/// </summary>
internal static class PluginPackageLoader
{
    private const int MaxZipEntries = 256;
    private const long MaxZipExpandedBytes = 256L * 1024 * 1024;

    /// <summary>True when the bytes are a zip (local file header signature).</summary>
    public static bool IsZip(ReadOnlySpan<byte> content) =>
        content.Length >= 4 && content[0] == (byte)'P' && content[1] == (byte)'K' && content[2] == 3 && content[3] == 4;

    public static PluginPackage Load(string sha256, string label, ReadOnlyMemory<byte> content, Action<PluginPackage> onUnused)
    {
        var assemblies = IsZip(content.Span) ? ReadZip(content) : ReadSingle(content);
        var context = new PluginLoadContext($"plugin:{label}:{sha256[..12]}", assemblies);
        try
        {
            Assembly? main = null;
            var slps = new List<Type>();
            var apis = new List<Type>();
            foreach (var simpleName in assemblies.Keys)
            {
                Assembly assembly;
                try
                {
                    assembly = context.LoadFromAssemblyName(new AssemblyName(simpleName));
                }
                catch (BadImageFormatException ex)
                {
                    throw new PluginLoadException($"{simpleName} is not a valid .NET assembly: {ex.Message}", ex);
                }

                var (assemblySlps, assemblyApis) = FindPluginTypes(assembly);
                if (assemblySlps.Count + assemblyApis.Count == 0)
                {
                    continue;
                }

                if (main is not null)
                {
                    throw new PluginLoadException($"plugin types are in both {main.GetName().Name} and {simpleName}; one assembly must hold them");
                }

                main = assembly;
                slps.AddRange(assemblySlps);
                apis.AddRange(assemblyApis);
            }

            if (main is null)
            {
                throw new PluginLoadException("no public, non-abstract class deriving from GoRtc.SlpSdk.Slp or GoRtc.SlpSdk.Api");
            }

            return new PluginPackage(sha256, context, main, slps, apis, onUnused);
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    private static Dictionary<string, byte[]> ReadSingle(ReadOnlyMemory<byte> content)
    {
        var bytes = content.ToArray();
        return new(StringComparer.Ordinal) { [AssemblySimpleName(bytes, "the plugin")] = bytes };
    }

    private static Dictionary<string, byte[]> ReadZip(ReadOnlyMemory<byte> content)
    {
        var assemblies = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content.ToArray(), writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxZipEntries)
            {
                throw new PluginLoadException($"the zip has {zip.Entries.Count} entries; at most {MaxZipEntries} are accepted");
            }

            long expanded = 0;
            foreach (var entry in zip.Entries)
            {
                if (!entry.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                expanded += entry.Length;
                if (expanded > MaxZipExpandedBytes)
                {
                    throw new PluginLoadException($"the zip expands to more than {MaxZipExpandedBytes / (1024 * 1024)} MiB");
                }

                using var stream = entry.Open();
                using var buffer = new MemoryStream((int)entry.Length);
                stream.CopyTo(buffer);
                var bytes = buffer.ToArray();
                var name = AssemblySimpleName(bytes, entry.FullName);
                if (!PluginLoadContext.IsHostShared(name))
                {
                    assemblies[name] = bytes;
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new PluginLoadException($"the zip is corrupt: {ex.Message}", ex);
        }

        if (assemblies.Count == 0)
        {
            throw new PluginLoadException("the zip holds no plugin assembly (.dll)");
        }

        return assemblies;
    }

    /// <summary>Reads the assembly name from the metadata, without loading anything.</summary>
    private static string AssemblySimpleName(byte[] bytes, string what)
    {
        try
        {
            using var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(bytes, writable: false));
            if (!pe.HasMetadata)
            {
                throw new PluginLoadException($"{what} is not a .NET assembly (no metadata)");
            }

            var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            if (!metadata.IsAssembly)
            {
                throw new PluginLoadException($"{what} is a module, not an assembly");
            }

            return metadata.GetString(metadata.GetAssemblyDefinition().Name);
        }
        catch (BadImageFormatException ex)
        {
            throw new PluginLoadException($"{what} is neither a .NET assembly nor a zip: {ex.Message}", ex);
        }
    }

    private static (List<Type> Slps, List<Type> Apis) FindPluginTypes(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception ex) when (ex is ReflectionTypeLoadException or FileNotFoundException or FileLoadException or TypeLoadException)
        {
            throw new PluginLoadException($"{assembly.GetName().Name} references something the server does not have: {ex.Message}", ex);
        }

        var slps = new List<Type>();
        var apis = new List<Type>();
        foreach (var type in types)
        {
            if (type is not { IsClass: true, IsAbstract: false })
            {
                continue;
            }

            var isSlp = typeof(Slp).IsAssignableFrom(type);
            var isApi = typeof(Api).IsAssignableFrom(type);
            if (!isSlp && !isApi)
            {
                continue;
            }

            if (type.GetConstructor(Type.EmptyTypes) is null)
            {
                throw new PluginLoadException($"{type.FullName} has no public parameterless constructor");
            }

            (isSlp ? slps : apis).Add(type);
        }

        return (slps, apis);
    }
}
