using System.IO.Compression;

namespace GoRtc.Cli.Tests;

public sealed class PluginPackagerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gortc-packager-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("GoRtc.SlpSdk.dll", true)]
    [InlineData("gortc.jsip.dll", true)]
    [InlineData("Microsoft.Extensions.Logging.Abstractions.dll", true)]
    [InlineData("System.Text.Json.dll", true)]
    [InlineData("GoRtc.Silo.dll", false)]
    [InlineData("Newtonsoft.Json.dll", false)]
    [InlineData("Microsoft.Data.Sqlite.dll", false)]
    public void The_host_provides_the_sdk_the_message_model_and_the_framework(string file, bool provided) =>
        Assert.Equal(provided, PluginPackager.IsHostProvided(file));

    [Fact]
    public async Task A_plugin_beside_host_assemblies_only_is_uploaded_as_the_bare_dll()
    {
        var plugin = Write("Acme.Echo.dll", "plugin");
        Write("GoRtc.SlpSdk.dll");
        Write("GoRtc.Jsip.dll");
        Write("Microsoft.Extensions.Logging.Abstractions.dll");
        Write("System.Memory.dll");
        Write("Acme.Echo.pdb");
        Write("Acme.Echo.deps.json");
        Write(Path.Combine("de", "Acme.Echo.resources.dll"));

        Assert.Empty(PluginPackager.FindPrivateDependencies(plugin));
        var package = await PluginPackager.PackAsync(plugin, CancellationToken.None);

        Assert.False(package.IsZip);
        Assert.Equal("Acme.Echo.dll", package.FileName);
        Assert.Equal(PluginPackage.DllContentType, package.ContentType);
        Assert.Equal("plugin"u8.ToArray(), package.Content);
        Assert.Equal([plugin], package.SourceFiles);
    }

    [Fact]
    public async Task A_private_dependency_makes_the_upload_a_zip_of_the_plugin_and_its_dependencies()
    {
        var plugin = Write("Acme.Echo.dll", "plugin");
        var json = Write("Newtonsoft.Json.dll", "json");
        var helpers = Write("Acme.Helpers.dll", "helpers");
        Write("GoRtc.SlpSdk.dll");
        Write("GoRtc.Jsip.dll");
        Write("Microsoft.Extensions.Logging.Abstractions.dll");

        Assert.Equal([helpers, json], PluginPackager.FindPrivateDependencies(plugin));
        var package = await PluginPackager.PackAsync(plugin, CancellationToken.None);

        Assert.True(package.IsZip);
        Assert.Equal("Acme.Echo.zip", package.FileName);
        Assert.Equal(PluginPackage.ZipContentType, package.ContentType);
        Assert.Equal([plugin, helpers, json], package.SourceFiles);
        using var zip = new ZipArchive(new MemoryStream(package.Content), ZipArchiveMode.Read);
        Assert.Equal(["Acme.Echo.dll", "Acme.Helpers.dll", "Newtonsoft.Json.dll"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using var reader = new StreamReader(zip.GetEntry("Acme.Echo.dll")!.Open());
        Assert.Equal("plugin", await reader.ReadToEndAsync());
    }

    private string Write(string relativePath, string content = "x")
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }
}
