namespace GoRtc.Testing;

/// <summary>Options of <see cref="RedisServer.StartAsync(RedisServerOptions, CancellationToken)"/>.</summary>
public sealed class RedisServerOptions
{
    /// <summary>The redis-server executable; default <c>redis-server</c> on PATH (override with <c>GORTC_REDIS_SERVER</c>).</summary>
    public string Executable { get; init; } =
        Environment.GetEnvironmentVariable("GORTC_REDIS_SERVER") is { Length: > 0 } path ? path : "redis-server";

    /// <summary>How long the server may take to answer PING. Default 10 s.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Extra arguments after the defaults (e.g. <c>["--maxmemory", "64mb"]</c>).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>Receives redis-server's output lines as they arrive.</summary>
    public Action<string>? OutputLog { get; init; }
}
