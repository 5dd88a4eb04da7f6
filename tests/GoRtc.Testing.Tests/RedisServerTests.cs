using System.Net;
using System.Net.Sockets;

namespace GoRtc.Testing.Tests;

[Trait("Category", "Process")]
public sealed class RedisServerTests
{
    [Fact]
    public async Task Starts_answers_ping_and_closes_its_port_on_dispose()
    {
        var redis = await RedisServer.StartAsync();
        int port;
        try
        {
            port = redis.Port;
            Assert.Equal($"127.0.0.1:{port}", redis.ConnectionString);
            Assert.True(redis.Pid > 0);
            Assert.Equal("+PONG", await redis.PingAsync());
            Assert.Contains(redis.Process.OutputLines, l => l.Contains("Ready to accept connections", StringComparison.Ordinal));
        }
        finally
        {
            await redis.DisposeAsync();
        }

        Assert.True(redis.Process.HasExited);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var exception = await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)));
        Assert.Equal(SocketError.ConnectionRefused, exception.SocketErrorCode);
    }

    [Fact]
    public async Task Two_servers_run_side_by_side_on_different_ports()
    {
        await using var first = await RedisServer.StartAsync();
        await using var second = await RedisServer.StartAsync();

        Assert.NotEqual(first.Port, second.Port);
        Assert.Equal("+PONG", await first.PingAsync());
        Assert.Equal("+PONG", await second.PingAsync());
    }

    [Fact]
    public async Task A_missing_redis_server_says_how_to_install_it()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(
            () => RedisServer.StartAsync(new RedisServerOptions { Executable = "gortc-no-such-redis-server" }));

        Assert.Contains("apt-get install -y redis-server", exception.Message, StringComparison.Ordinal);
    }
}
