using System.Text.Json;
using GoRtc.Silo.Plugins;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace GoRtc.Silo.Tests.Plugins;

/// <summary>The plugin store contract on a folder; each store is its own instance, as a restarted node's would be.</summary>
public sealed class FolderPluginStoreTests : PluginStoreContractTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gortc-plugin-store-tests", Guid.NewGuid().ToString("N"));

    protected override string NewLocation() => Path.Combine(_root, Guid.NewGuid().ToString("N"));

    protected override Task<IPluginStore> CreateStoreAsync(string location) =>
        Task.FromResult<IPluginStore>(new FolderPluginStore(location, Clock, NullLogger<FolderPluginStore>.Instance));

    protected override Task<int> CountStoredBlobsAsync(string location) =>
        Task.FromResult(Directory.GetFiles(Path.Combine(location, "blobs"), "*.bin").Length);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Writes_replace_files_whole_and_leave_no_temp_files_behind()
    {
        var location = NewLocation();
        var store = await OpenAsync(location);
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => store.PutAsync(Upload($"p{i}", $"build {i}"))));
        await store.DeleteAsync(PluginKind.Slp, "p0");

        Assert.Empty(Directory.GetFiles(location, "*.tmp", SearchOption.AllDirectories));
        using var index = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(location, "plugins.json")));
        Assert.Equal(9, index.RootElement.GetProperty("records").GetArrayLength());
        Assert.Equal(10, Directory.GetFiles(Path.Combine(location, "blobs"), "*.bin").Length);
    }
}
