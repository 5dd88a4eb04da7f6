using GoRtc.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A silo process of a GoRtc cluster. It needs Redis (cluster membership); the all-in-one node is GoRtc.Gateway
// started without Redis.
var builder = Host.CreateApplicationBuilder(args);
if (string.IsNullOrWhiteSpace(builder.Configuration[GoRtcSiloBuilderExtensions.RedisKey]))
{
    await Console.Error.WriteLineAsync("GoRtc.Silo needs Redis (set Redis=host:port). For a single node run GoRtc.Gateway, which hosts its own silo when Redis is not set.");
    return 2;
}

builder.Logging.AddFilter("Orleans", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
builder.Logging.AddFilter("Polly", LogLevel.Warning);
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
builder.UseOrleans(silo => silo.AddGoRtc(builder.Configuration));
using var host = builder.Build();
var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
ProcessSignals? signals = null;
lifetime.ApplicationStarted.Register(() => signals = new ProcessSignals(lifetime)); // after the host's own handlers
await host.RunAsync();
signals?.Dispose();
return 0;
