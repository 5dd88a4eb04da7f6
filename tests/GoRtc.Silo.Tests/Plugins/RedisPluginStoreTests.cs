using GoRtc.Silo.Plugins;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Xunit;

namespace GoRtc.Silo.Tests.Plugins;

/// <summary>The plugin store contract on a real redis-server; each store has its own connection, as a silo would.</summary>
[Trait("Category", "Process")]
public sealed class RedisPluginStoreTests : PluginStoreContractTests, IClassFixture<RedisServerFixture>
{
    private readonly RedisServerFixture _redis;
    private ConnectionMultiplexer? _inspector;

    public RedisPluginStoreTests(RedisServerFixture redis) => _redis = redis;

    protected override string NewLocation() => $"gortc:{{test-{Guid.NewGuid():N}}}:plugins";

    protected override async Task<IPluginStore> CreateStoreAsync(string location) =>
        await RedisPluginStore.ConnectAsync(_redis.Server.ConnectionString, location, Clock, NullLogger<RedisPluginStore>.Instance);

    protected override async Task<int> CountStoredBlobsAsync(string location)
    {
        var inspector = await InspectorAsync();
        var server = inspector.GetServer(inspector.GetEndPoints().Single());
        var count = 0;
        await foreach (var _ in server.KeysAsync(pattern: $"{location}:blob:*"))
        {
            count++;
        }

        return count;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_inspector is not null)
        {
            await _inspector.DisposeAsync();
        }
    }

    [Fact]
    public async Task Subscribers_are_told_to_reread_when_the_connection_is_restored()
    {
        var store = await OpenAsync(NewLocation());
        using var probe = new ChangeNoticeProbe(store);
        await AwaitLiveSubscriptionAsync(store, store, probe);

        // Notices published while a silo is cut off are lost; the reconnect itself must make it re-read.
        var inspector = await InspectorAsync();
        await inspector.GetDatabase().ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
        await inspector.GetDatabase().ExecuteAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");

        Assert.True(
            await probe.WaitAsync(() => Task.FromResult(true), TimeSpan.FromSeconds(10)),
            "no notice after the connection to Redis was killed and restored");
    }

    private async Task<ConnectionMultiplexer> InspectorAsync() =>
        _inspector ??= await ConnectionMultiplexer.ConnectAsync($"{_redis.Server.ConnectionString},allowAdmin=true");
}
