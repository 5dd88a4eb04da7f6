using System.Net;
using GoRtc.Gateway.Connections;
using GoRtc.Gateway.Demo;
using GoRtc.Gateway.Hosting;
using GoRtc.Gateway.Rest;
using GoRtc.Grains;
using GoRtc.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

// GoRtc gateway. Without Redis it also hosts a silo: the all-in-one node. With Redis it is a stateless gateway
// (an Orleans client) in front of a silo cluster.
// appsettings.json sits beside the executable: find it whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
builder.Services.AddOptions<RtcOptions>().Bind(builder.Configuration.GetSection(RtcOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
var rtc = builder.Configuration.GetSection(RtcOptions.SectionName).Get<RtcOptions>() ?? new RtcOptions();
var api = builder.Configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>() ?? new ApiOptions();

var redis = builder.Configuration[GoRtcSiloBuilderExtensions.RedisKey];
if (string.IsNullOrWhiteSpace(redis))
{
    builder.UseOrleans(silo => silo.AddGoRtc(builder.Configuration));
}
else
{
    var cluster = builder.Configuration.GetSection(GoRtcClusterOptions.SectionName).Get<GoRtcClusterOptions>() ?? new GoRtcClusterOptions();
    builder.UseOrleansClient(client =>
    {
        client.UseRedisClustering(redis);
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout);
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = cluster.GatewayListRefreshPeriod);
    });
}

// Without a token the management API must not be reachable from other hosts: it stays on loopback.
var apiAddress = api.HasToken || IsLoopback(api.ListenAddress) ? api.ListenAddress : "127.0.0.1";
builder.WebHost.ConfigureKestrel(kestrel =>
{
    Listen(kestrel, rtc.ListenAddress, rtc.Port);
    Listen(kestrel, apiAddress, api.Port);
    kestrel.Limits.MaxRequestBodySize = api.MaxRequestBytes; // raised per request for plugin uploads
});

builder.Services.AddHttpClient();
builder.Services.AddMetrics();
builder.Services.AddHealthChecks();
builder.Services.TryAddSingleton<JsipGrains>();
builder.Services.AddSingleton<ConnectionTable>();
builder.Services.AddSingleton<GatewayObserver>();
builder.Services.AddSingleton<GatewayIdentity>();
builder.Services.AddSingleton<GatewayMetrics>();
builder.Services.AddSingleton<AuthHook>();
builder.Services.AddSingleton(services =>
{
    var options = services.GetRequiredService<IOptions<RtcOptions>>().Value;
    return new DispatchRetry(options.DispatchRetries, options.DispatchRetryDelay, services.GetService<TimeProvider>() ?? TimeProvider.System);
});
builder.Services.AddSingleton<RtcEndpoint>();
builder.Services.AddSingleton<ManagementAuthorization>();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<UnexpectedErrorHandler>();
builder.Services.AddOptions<GoRtc.Silo.Plugins.PluginOptions>().Bind(builder.Configuration.GetSection(GoRtc.Silo.Plugins.PluginOptions.SectionName));

var app = builder.Build();
if (apiAddress != api.ListenAddress)
{
    app.Logger.LogWarning("Api:ListenAddress {Address} ignored: without Api:Token the management API listens on loopback only", api.ListenAddress);
}

// Registered once the host has started, after the host's own console handlers, so that SIGTERM's immediate exit
// runs before the host begins a graceful shutdown.
ProcessSignals? signals = null;
app.Lifetime.ApplicationStarted.Register(() => signals = new ProcessSignals(app.Lifetime));
app.UseExceptionHandler();
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
app.UseDemoPage(rtc);

var rtcPort = $"*:{rtc.Port}";
var apiPort = $"*:{api.Port}";
app.Map(rtc.Path, (HttpContext context, RtcEndpoint endpoint) => endpoint.HandleAsync(context)).RequireHost(rtcPort);
app.MapHealthChecks("/healthz").RequireHost(rtcPort, apiPort);

var restApi = app.MapGroup(string.Empty).RequireHost(apiPort);
var management = restApi.MapGroup(string.Empty).AddEndpointFilter<ManagementAuthorization>();
management.MapRuntimeEndpoints();
PluginManagementEndpoints.Map(management);
restApi.MapApiPluginEndpoints();

await app.RunAsync();
signals?.Dispose();

static bool IsLoopback(string address) =>
    address is "localhost" || (IPAddress.TryParse(address, out var ip) && IPAddress.IsLoopback(ip));

static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, string address, int port)
{
    if (address is "*" or "0.0.0.0" or "")
    {
        kestrel.ListenAnyIP(port);
    }
    else if (address is "localhost")
    {
        kestrel.ListenLocalhost(port);
    }
    else
    {
        kestrel.Listen(IPAddress.Parse(address), port);
    }
}
