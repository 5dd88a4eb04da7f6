using Xunit;

namespace GoRtc.EndToEnd.Tests.Fixtures;

/// <summary>
/// An all-in-one node of its own for the plugin tests, which upload, delete and restart: a management token is
/// configured, and the upload limit is small enough to test.
/// </summary>
public sealed class PluginNode : IAsyncLifetime
{
    public const string Token = "test-token-1f3a";
    public const int MaxPluginBytes = 100_000;

    /// <summary>A configured SLP whose file is not an assembly: the node must start anyway and report it.</summary>
    public const string CorruptSlp = "corrupt";

    private readonly string _corruptFile = Path.Combine(Path.GetTempPath(), $"gortc-corrupt-{Guid.NewGuid():N}.dll");

    public PluginNode() => Node = new(new Dictionary<string, string?>
    {
        ["Api__Token"] = Token,
        ["Plugins__MaxBytes"] = MaxPluginBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [$"Plugins__Slps__{CorruptSlp}__File"] = _corruptFile,
    });

    public AllInOneNode Node { get; }

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_corruptFile, "MZ this is not a plugin");
        await Node.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        File.Delete(_corruptFile);
    }
}

[CollectionDefinition(Name)]
public sealed class PluginNodeCollection : ICollectionFixture<PluginNode>
{
    public const string Name = "plugins on an all-in-one node";
}
