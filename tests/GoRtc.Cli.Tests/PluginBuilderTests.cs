using GoRtc.Testing;

namespace GoRtc.Cli.Tests;

[Collection(DotnetBuildCollection.Name)]
public sealed class PluginBuilderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gortc-builder-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_relay_sample_builds_into_a_dll_only_upload()
    {
        var progress = new StringWriter();
        var builder = new PluginBuilder(new DotnetCli(RepoPaths.Root), progress);
        using var timeout = new CancellationTokenSource(DotnetBuildCollection.Timeout);

        // The configuration under test, so the build is incremental after the solution build.
        var package = await builder.PrepareAsync(Path.Combine(RepoPaths.Root, "samples", "Relay"), RepoPaths.Configuration, timeout.Token);

        var expected = RepoPaths.BuiltAssembly("samples/Relay", "GoRtc.Samples.Relay");
        Assert.Equal([expected], package.SourceFiles);
        Assert.True(File.Exists(package.SourceFiles[0]));
        Assert.False(package.IsZip, $"the relay sample has no private dependency; the zip would hold {string.Join(", ", package.SourceFiles)}");
        Assert.Equal("GoRtc.Samples.Relay.dll", package.FileName);
        Assert.Equal(PluginPackage.DllContentType, package.ContentType);
        Assert.Equal(await File.ReadAllBytesAsync(expected, timeout.Token), package.Content);
        Assert.Contains("Building ", progress.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_build_is_reported_with_its_exit_code()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "Broken.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
        await File.WriteAllTextAsync(Path.Combine(_folder, "Broken.cs"), "this is not C#");
        var progress = new StringWriter();
        var builder = new PluginBuilder(new DotnetCli(_folder), progress);
        using var timeout = new CancellationTokenSource(DotnetBuildCollection.Timeout);

        var error = await Assert.ThrowsAsync<PluginBuildException>(() => builder.PrepareAsync(_folder, "Debug", timeout.Token));

        Assert.StartsWith("dotnet build ", error.Message, StringComparison.Ordinal);
        Assert.Contains("failed with exit code", error.Message, StringComparison.Ordinal);
        Assert.Contains("error CS", progress.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_must_hold_exactly_one_project()
    {
        var none = Assert.Throws<PluginBuildException>(() => PluginBuilder.FindProject(_folder));
        Assert.Contains("no .csproj", none.Message, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(_folder, "A.csproj"), "<Project />");
        Assert.Equal(Path.Combine(_folder, "A.csproj"), PluginBuilder.FindProject(_folder));

        File.WriteAllText(Path.Combine(_folder, "B.csproj"), "<Project />");
        var several = Assert.Throws<PluginBuildException>(() => PluginBuilder.FindProject(_folder));
        Assert.Contains("A.csproj, B.csproj", several.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anything_but_a_project_dll_or_zip_is_refused()
    {
        var text = Path.Combine(_folder, "notes.txt");
        await File.WriteAllTextAsync(text, "x");
        var builder = new PluginBuilder(new DotnetCli(), TextWriter.Null);

        var error = await Assert.ThrowsAsync<PluginBuildException>(() => builder.PrepareAsync(text, "Release", CancellationToken.None));

        Assert.Contains("expected a project folder, a .csproj, a .dll or a .zip", error.Message, StringComparison.Ordinal);
    }
}
