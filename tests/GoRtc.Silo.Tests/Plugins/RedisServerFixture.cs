using GoRtc.Testing;
using Xunit;

namespace GoRtc.Silo.Tests.Plugins;

/// <summary>One throw-away redis-server for a test class; each test uses its own key prefix on it.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? _server;

    public RedisServer Server => _server ?? throw new InvalidOperationException("redis-server has not started.");

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
