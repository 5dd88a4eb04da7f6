using System.Net;
using GoRtc.Silo.Dialogs;
using GoRtc.Silo.Push;
using GoRtc.Silo.Slps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace GoRtc.Silo.Hosting;

/// <summary>Adds GoRtc's grains and services to an Orleans silo.</summary>
public static class GoRtcSiloBuilderExtensions
{
    /// <summary>The configuration key of the Redis connection string; unset means the all-in-one node.</summary>
    public const string RedisKey = "Redis";

    /// <summary>Grain storage for milestone state (dialogues): in memory on the all-in-one node, Redis in a cluster.</summary>
    public const string StorageName = "gortc";

    /// <summary>
    /// Configures clustering (Redis when <c>Redis</c> is set, else localhost) and registers GoRtc's silo services.
    /// </summary>
    public static ISiloBuilder AddGoRtc(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var cluster = configuration.GetSection(GoRtcClusterOptions.SectionName).Get<GoRtcClusterOptions>() ?? new GoRtcClusterOptions();
        var redis = configuration[RedisKey];
        if (string.IsNullOrWhiteSpace(redis))
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            silo.AddMemoryGrainStorage(StorageName);
        }
        else
        {
            silo.UseRedisClustering(redis);
            silo.AddRedisGrainStorage(StorageName, o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(redis));
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
        }

        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout);
        silo.Services.AddGoRtcSiloServices(configuration);
        return silo;
    }

    private static IServiceCollection AddGoRtcSiloServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JsipOptions>().Bind(configuration.GetSection(JsipOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PluginOptions>().Bind(configuration.GetSection(PluginOptions.SectionName));
        services.AddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<JsipMetrics>();
        services.AddSingleton<SlpCatalog>();
        services.AddHostedService<SlpCatalogLoader>();
        services.AddSingleton<GatewayPushService>();
        return services;
    }
}
