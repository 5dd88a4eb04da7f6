using System.Net;
using System.Net.Sockets;

namespace GoRtc.Testing.Tests;

public sealed class RepoPathsAndFreePortTests
{
    [Fact]
    public void Finds_the_repository_root_and_the_configuration()
    {
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "GoRtc.sln")));
        Assert.Contains(RepoPaths.Configuration, new[] { "Debug", "Release" });
        Assert.StartsWith(RepoPaths.Root, AppContext.BaseDirectory, StringComparison.Ordinal);
    }

    [Fact]
    public void BuiltAssembly_points_into_bin_configuration_net10()
    {
        var path = RepoPaths.BuiltAssembly("tests/GoRtc.Testing", "GoRtc.Testing");

        Assert.True(File.Exists(path));
        Assert.Equal(
            Path.Combine(RepoPaths.Root, "tests", "GoRtc.Testing", "bin", RepoPaths.Configuration, "net10.0", "GoRtc.Testing.dll"),
            path);
    }

    [Fact]
    public void BuiltAssembly_of_an_unbuilt_project_says_how_to_build_it()
    {
        var exception = Assert.Throws<FileNotFoundException>(() => RepoPaths.BuiltAssembly("src/NoSuchProject", "GoRtc.NoSuchProject"));
        Assert.Contains("dotnet build src/NoSuchProject -c ", exception.Message, StringComparison.Ordinal);
        Assert.EndsWith("GoRtc.NoSuchProject.dll", RepoPaths.BuiltAssembly("src/NoSuchProject", "GoRtc.NoSuchProject", mustExist: false), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/r/tests/X.Tests/bin/Release/net10.0/", "Release")]
    [InlineData("/r/tests/X.Tests/bin/Debug/net10.0", "Debug")]
    [InlineData("/r/bin/tests/X.Tests/bin/Debug/net10.0/", "Debug")]
    [InlineData("/r/tests/X.Tests/bin/net10.0/", null)]
    [InlineData("/r/out/", null)]
    public void Reads_the_configuration_from_the_output_path(string path, string? expected) =>
        Assert.Equal(expected, RepoPaths.ConfigurationFromPath(path));

    [Fact]
    public void Finds_the_reference_scripts()
    {
        var scripts = RepoPaths.ReferenceScriptsDirectory;
        Assert.True(Directory.Exists(Path.Combine(scripts, "stack")), scripts);
        Assert.True(File.Exists(RepoPaths.ReferenceScript("chatroom/usera.json")));
        Assert.Throws<FileNotFoundException>(() => RepoPaths.ReferenceScript("stack/no_such_script.json"));
    }

    [Fact]
    public void The_reference_directory_can_be_overridden_with_the_reference_or_the_scripts_folder()
    {
        var scripts = RepoPaths.ReferenceScriptsDirectory;
        var reference = Path.GetDirectoryName(scripts)!;
        string NoRoot() => throw new InvalidOperationException("the root must not be needed when overridden");

        Assert.Equal(scripts, RepoPaths.ResolveReferenceScriptsDirectory(RepoPaths.ResolveReferenceDirectory(reference, NoRoot)));
        Assert.Equal(scripts, RepoPaths.ResolveReferenceScriptsDirectory(RepoPaths.ResolveReferenceDirectory(scripts, NoRoot)));

        var missing = Path.Combine(Path.GetTempPath(), $"no-reference-{Guid.NewGuid():N}");
        var exception = Assert.Throws<DirectoryNotFoundException>(() => RepoPaths.ResolveReferenceDirectory(missing, NoRoot));
        Assert.Contains("GORTC_REFERENCE_DIR", exception.Message, StringComparison.Ordinal);
        var noShared = Assert.Throws<DirectoryNotFoundException>(() => RepoPaths.ResolveReferenceDirectory(null, () => missing));
        Assert.Contains("GORTC_REFERENCE_DIR", noShared.Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => RepoPaths.ResolveReferenceScriptsDirectory(Path.GetTempPath()));
    }

    [Fact]
    public void FreePort_never_repeats_and_returns_bindable_ports()
    {
        var ports = Enumerable.Range(0, 100).Select(_ => FreePort.Next()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        foreach (var port in ports.Take(10))
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        }
    }
}
