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

    public AllInOneNode Node { get; } = new(new Dictionary<string, string?>
    {
        ["Api__Token"] = Token,
        ["Plugins__MaxBytes"] = MaxPluginBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public Task InitializeAsync() => Node.InitializeAsync();

    public Task DisposeAsync() => Node.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PluginNodeCollection : ICollectionFixture<PluginNode>
{
    public const string Name = "plugins on an all-in-one node";
}
