namespace GoRtc.Cli;

/// <summary>
/// Turns the <c>&lt;path&gt;</c> of a push into what is uploaded. A project folder or .csproj is built with
/// <c>dotnet build</c>, its assembly found by asking MSBuild for <c>TargetPath</c> (so custom output folders and
/// assembly names just work), then packaged by <see cref="PluginPackager"/>. A .dll or .zip is sent as it is.
/// </summary>
internal sealed class PluginBuilder
{
    private readonly DotnetCli _dotnet;
    private readonly TextWriter _progress;

    /// <param name="dotnet">Runs the build.</param>
    /// <param name="progress">Receives the build's output and what was decided; stderr in the tool, so stdout stays the result.</param>
    public PluginBuilder(DotnetCli dotnet, TextWriter progress)
    {
        _dotnet = dotnet;
        _progress = progress;
    }

    /// <summary>The upload for <paramref name="path"/>: a project folder, a .csproj, a built .dll or a .zip.</summary>
    /// <exception cref="PluginBuildException">The path is not usable or the build failed.</exception>
    public async Task<PluginPackage> PrepareAsync(string path, string configuration, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return await BuildAndPackAsync(FindProject(full), configuration, cancellationToken);
        }

        if (!File.Exists(full))
        {
            throw new PluginBuildException($"{path}: no such file or folder");
        }

        var extension = Path.GetExtension(full);
        if (extension.Equals(".csproj", StringComparison.OrdinalIgnoreCase))
        {
            return await BuildAndPackAsync(full, configuration, cancellationToken);
        }

        if (extension.Equals(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return await PluginPackager.FromFileAsync(full, PluginPackage.DllContentType, cancellationToken);
        }

        if (extension.Equals(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return await PluginPackager.FromFileAsync(full, PluginPackage.ZipContentType, cancellationToken);
        }

        throw new PluginBuildException($"{path}: expected a project folder, a .csproj, a .dll or a .zip");
    }

    /// <summary>Builds <paramref name="project"/> and returns the full path of the assembly it produced.</summary>
    /// <exception cref="PluginBuildException">The build failed or produced no single assembly.</exception>
    public async Task<string> BuildAsync(string project, string configuration, CancellationToken cancellationToken)
    {
        await _progress.WriteLineAsync($"Building {project} ({configuration})");
        var build = await _dotnet.RunAsync(["build", project, "-c", configuration, "-nologo"], _progress, cancellationToken);
        if (!build.Succeeded)
        {
            throw new PluginBuildException($"dotnet build {project} -c {configuration} failed with exit code {build.ExitCode}; see its output above");
        }

        // The property is asked for separately because a build's output does not name its assembly reliably.
        var query = await _dotnet.RunAsync(
            ["msbuild", project, "-getProperty:TargetPath", $"-p:Configuration={configuration}", "-nologo"],
            echo: null,
            cancellationToken);
        var targetPath = query.StandardOutput.Trim();
        if (!query.Succeeded || targetPath.Length == 0)
        {
            // A multi-targeted project has no single TargetPath: the user must pick the framework's DLL.
            throw new PluginBuildException(
                $"cannot find the assembly {project} builds (dotnet msbuild -getProperty:TargetPath gave '{targetPath}'"
                + $"{(query.Succeeded ? string.Empty : ", exit code " + query.ExitCode)}{Trailer(query.StandardError)}); pass the built .dll instead");
        }

        if (!File.Exists(targetPath))
        {
            throw new PluginBuildException($"the build reported {targetPath} but it does not exist");
        }

        return targetPath;
    }

    /// <summary>The one .csproj in <paramref name="directory"/>.</summary>
    /// <exception cref="PluginBuildException">None, or more than one.</exception>
    public static string FindProject(string directory)
    {
        var projects = Directory.GetFiles(directory, "*.csproj", SearchOption.TopDirectoryOnly);
        Array.Sort(projects, StringComparer.Ordinal);
        return projects.Length switch
        {
            1 => projects[0],
            0 => throw new PluginBuildException($"{directory}: no .csproj in this folder"),
            _ => throw new PluginBuildException(
                $"{directory}: several projects ({string.Join(", ", projects.Select(Path.GetFileName))}); name the .csproj to build"),
        };
    }

    private async Task<PluginPackage> BuildAndPackAsync(string project, string configuration, CancellationToken cancellationToken)
    {
        var assembly = await BuildAsync(project, configuration, cancellationToken);
        var package = await PluginPackager.PackAsync(assembly, cancellationToken);
        if (package.IsZip)
        {
            await _progress.WriteLineAsync(
                $"Packaging {package.FileName}: {string.Join(", ", package.SourceFiles.Select(Path.GetFileName))} (private dependencies travel with the plugin)");
        }

        return package;
    }

    private static string Trailer(string standardError)
    {
        var text = standardError.Trim();
        return text.Length == 0 ? string.Empty : ": " + text;
    }
}
