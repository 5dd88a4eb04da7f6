using GoRtc.Testing;

namespace GoRtc.Cli.Tests;

/// <summary>
/// The <c>gortc-slp</c> template, end to end: installed into a private template hive (the developer's own
/// <c>dotnet new</c> list is untouched), instantiated under samples/ so its default SdkPath resolves, built, and
/// packaged as the tool would upload it.
/// </summary>
[Collection(DotnetBuildCollection.Name)]
public sealed class SlpTemplateTests : IDisposable
{
    private readonly string _hive = Directory.CreateTempSubdirectory("gortc-template-hive-").FullName;

    // Under samples/ like a real new plugin; the prefix is in .gitignore in case a run dies before Dispose.
    private readonly string _project = Path.Combine(RepoPaths.Root, "samples", $"_template-test-{Guid.NewGuid():N}");

    public void Dispose()
    {
        Directory.Delete(_hive, recursive: true);
        if (Directory.Exists(_project))
        {
            Directory.Delete(_project, recursive: true);
        }
    }

    [Fact]
    public async Task A_new_slp_from_the_template_builds_against_the_sdk_without_copying_it()
    {
        var dotnet = new DotnetCli(
            RepoPaths.Root,
            new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" });
        var template = Path.Combine(RepoPaths.Root, "templates", "GoRtc.Templates", "content", "SlpPlugin");
        using var timeout = new CancellationTokenSource(DotnetBuildCollection.Timeout);

        var install = await dotnet.RunAsync(["new", "install", template, "--debug:custom-hive", _hive], echo: null, timeout.Token);
        Assert.True(install.Succeeded, $"dotnet new install failed ({install.ExitCode}):\n{install.StandardOutput}\n{install.StandardError}");

        var create = await dotnet.RunAsync(
            ["new", "gortc-slp", "-n", "Acme.Echo", "-o", _project, "--no-update-check", "--debug:custom-hive", _hive],
            echo: null,
            timeout.Token);
        Assert.True(create.Succeeded, $"dotnet new gortc-slp failed ({create.ExitCode}):\n{create.StandardOutput}\n{create.StandardError}");
        Assert.True(File.Exists(Path.Combine(_project, "Acme.Echo.csproj")));
        var source = await File.ReadAllTextAsync(Path.Combine(_project, "Acme.Echo.cs"), timeout.Token);
        Assert.Contains("namespace Acme.Echo;", source, StringComparison.Ordinal);
        Assert.Contains("public sealed class Acme_Echo : Slp", source, StringComparison.Ordinal);

        var progress = new StringWriter();
        var package = await new PluginBuilder(dotnet, progress).PrepareAsync(_project, RepoPaths.Configuration, timeout.Token);

        Assert.Equal("Acme.Echo.dll", package.FileName);
        Assert.False(package.IsZip, $"the template's project must not copy host assemblies: {string.Join(", ", package.SourceFiles)}");
        var output = Path.GetDirectoryName(package.SourceFiles[0])!;
        Assert.False(File.Exists(Path.Combine(output, "GoRtc.SlpSdk.dll")), "GoRtc.SlpSdk.dll was copied next to the plugin");
        Assert.False(File.Exists(Path.Combine(output, "GoRtc.Jsip.dll")), "GoRtc.Jsip.dll was copied next to the plugin");
    }
}
