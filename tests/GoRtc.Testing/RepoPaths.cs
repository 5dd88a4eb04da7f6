namespace GoRtc.Testing;

/// <summary>
/// Paths tests need: the repository root, the build configuration of the running test assembly, built server
/// assemblies, and the read-only reference material (which CI places in <c>shared/</c> beside the clone).
/// Everything is computed on each call from <see cref="AppContext.BaseDirectory"/> and the environment.
/// </summary>
public static class RepoPaths
{
    /// <summary>The file that marks the repository root.</summary>
    public const string SolutionFileName = "GoRtc.sln";

    /// <summary>The target framework folder of build outputs.</summary>
    public const string TargetFramework = "net10.0";

    /// <summary>
    /// Environment variable overriding the reference directory: either the reference folder (containing
    /// <c>scripts/</c> and <c>jsip-spec.md</c>) or the scripts folder itself.
    /// </summary>
    public const string ReferenceDirectoryVariable = "GORTC_REFERENCE_DIR";

    /// <summary>The repository root: the nearest folder at or above <see cref="AppContext.BaseDirectory"/> holding GoRtc.sln.</summary>
    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    public static string Root => FindRoot(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException(
            $"Could not find the repository root: no {SolutionFileName} in {AppContext.BaseDirectory} or any parent folder.");

    /// <summary>
    /// The build configuration of the running test assembly (<c>Debug</c> or <c>Release</c>), read from its path
    /// <c>…/bin/&lt;Configuration&gt;/net10.0/</c>; falls back to the configuration this library was built in.
    /// </summary>
    public static string Configuration => ConfigurationFromPath(AppContext.BaseDirectory) ?? CompiledConfiguration;

    /// <summary>
    /// The reference folder: <c>$GORTC_REFERENCE_DIR</c> if set, else <c>&lt;root&gt;/../shared/reference</c>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">It does not exist.</exception>
    public static string ReferenceDirectory =>
        ResolveReferenceDirectory(Environment.GetEnvironmentVariable(ReferenceDirectoryVariable), () => Root);

    /// <summary>
    /// The reference rtest scripts (<c>stack/*.json</c>, <c>chatroom/*.json</c>): <c>&lt;reference&gt;/scripts</c>,
    /// or <c>$GORTC_REFERENCE_DIR</c> itself when it already is the scripts folder.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">It does not exist.</exception>
    public static string ReferenceScriptsDirectory => ResolveReferenceScriptsDirectory(ReferenceDirectory);

    /// <summary><c>&lt;root&gt;/&lt;projectDir&gt;/bin/&lt;Configuration&gt;/net10.0/&lt;assemblyName&gt;.dll</c>.</summary>
    /// <param name="projectDir">The project folder relative to the root, e.g. <c>src/Silo</c>.</param>
    /// <param name="assemblyName">The assembly name without <c>.dll</c>, e.g. <c>GoRtc.Silo</c>.</param>
    /// <param name="mustExist">Throw when the file is missing (default), naming the build command to run.</param>
    /// <exception cref="FileNotFoundException">The assembly is missing and <paramref name="mustExist"/> is true.</exception>
    public static string BuiltAssembly(string projectDir, string assemblyName, bool mustExist = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectDir);
        ArgumentException.ThrowIfNullOrEmpty(assemblyName);
        var configuration = Configuration;
        var path = Path.GetFullPath(Path.Combine(Root, projectDir, "bin", configuration, TargetFramework, assemblyName + ".dll"));
        if (mustExist && !File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Built assembly not found: {path}. Build it first: dotnet build {projectDir} -c {configuration}", path);
        }

        return path;
    }

    /// <summary>A reference script by relative path, e.g. <c>stack/recv_invite.json</c>.</summary>
    /// <exception cref="FileNotFoundException">No such script.</exception>
    public static string ReferenceScript(string relativePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(relativePath);
        var path = Path.GetFullPath(Path.Combine(ReferenceScriptsDirectory, relativePath));
        return File.Exists(path) ? path : throw new FileNotFoundException($"Reference script not found: {path}", path);
    }

    internal static string ResolveReferenceDirectory(string? overridden, Func<string> root)
    {
        if (overridden is { Length: > 0 })
        {
            var full = Path.GetFullPath(overridden);
            return Directory.Exists(full)
                ? full
                : throw new DirectoryNotFoundException($"{ReferenceDirectoryVariable}={overridden} does not exist ({full}).");
        }

        var path = Path.GetFullPath(Path.Combine(root(), "..", "shared", "reference"));
        return Directory.Exists(path)
            ? path
            : throw new DirectoryNotFoundException(
                $"Reference directory not found at {path}. CI places shared/ beside the repository clone; "
                + $"elsewhere set {ReferenceDirectoryVariable} to the folder holding scripts/ (the folder of the reference product that holds scripts/).");
    }

    internal static string ResolveReferenceScriptsDirectory(string reference)
    {
        var scripts = Path.Combine(reference, "scripts");
        if (Directory.Exists(scripts))
        {
            return scripts;
        }

        if (Directory.Exists(Path.Combine(reference, "stack")) || Directory.Exists(Path.Combine(reference, "chatroom")))
        {
            return reference;
        }

        throw new DirectoryNotFoundException(
            $"Reference scripts not found: neither {scripts} nor stack/ or chatroom/ under {reference}.");
    }

    internal static string? FindRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    internal static string? ConfigurationFromPath(string baseDirectory)
    {
        var segments = baseDirectory.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        var bin = Array.LastIndexOf(segments, "bin");
        return bin >= 0 && bin + 1 < segments.Length && !segments[bin + 1].StartsWith("net", StringComparison.OrdinalIgnoreCase)
            ? segments[bin + 1]
            : null;
    }

#if DEBUG
    private const string CompiledConfiguration = "Debug";
#else
    private const string CompiledConfiguration = "Release";
#endif
}
