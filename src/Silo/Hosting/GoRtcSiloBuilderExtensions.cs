using System.Net;
using GoRtc.Silo.Dialogs;
using GoRtc.Silo.Plugins;
using GoRtc.Silo.Push;
using GoRtc.Silo.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace GoRtc.Silo.Hosting;

/// <summary>Adds GoRtc's grains and services to an Orleans silo.</summary>
public static class GoRtcSiloBuilderExtensions
{
    /// <summary>The configuration key of the Redis connection string; unset means the all-in-one node.</summary>
    public const string RedisKey = "Redis";

    /// <summary>Grain storage for milestone state (dialogues): in memory on the all-in-one node, Redis in a cluster.</summary>
    public const string StorageName = "gortc";

    /// <summary>DI key of the plugin store's own Redis connection (the container owns and disposes it).</summary>
    private const string PluginStoreConnection = "gortc-plugin-store";

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
            silo.Services.AddKeyedSingleton<Orleans.Storage.IGrainStorage>(StorageName,
                (sp, _) => new InProcessGrainStorage(sp.GetRequiredService<Orleans.Serialization.DeepCopier>()));
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
        silo.Configure<GrainDirectoryOptions>(o => o.CacheSize = cluster.DirectoryCacheSize);
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = cluster.ProbeTimeout ?? o.ProbeTimeout;
            o.NumMissedProbesLimit = cluster.MissedProbesLimit ?? o.NumMissedProbesLimit;
        });
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
        services.TryAddSingleton<GoRtc.Grains.JsipGrains>();
        services.AddOptions<PluginOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PluginCatalog>();
        services.AddOptions<PluginStateOptions>().Bind(configuration.GetSection(PluginStateOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ClusterStateFactory>();
        services.AddSingleton<PluginSynchronizer>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<PluginSynchronizer>());
        var redis = configuration[RedisKey];
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IPluginStore>(sp => new FolderPluginStore(
                sp.GetRequiredService<IOptions<PluginOptions>>().Value.ResolvedStoreDirectory,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<FolderPluginStore>>()));
        }
        else
        {
            // One store per service: every cluster of the service shares its plugins.
            var serviceId = (configuration.GetSection(GoRtcClusterOptions.SectionName).Get<GoRtcClusterOptions>() ?? new GoRtcClusterOptions()).ServiceId;
            // The braces are a Redis Cluster hash tag: the store's scripts touch several keys, which must share a slot.
            services.AddKeyedSingleton<StackExchange.Redis.IConnectionMultiplexer>(PluginStoreConnection, (_, _) => StackExchange.Redis.ConnectionMultiplexer.Connect(redis));
            services.AddSingleton<IPluginStore>(sp => new RedisPluginStore(
                sp.GetRequiredKeyedService<StackExchange.Redis.IConnectionMultiplexer>(PluginStoreConnection),
                $"gortc:{{{serviceId}}}:plugins",
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<RedisPluginStore>>()));
        }

        services.AddSingleton<GatewayPushService>();
        services.AddSingleton<DialogueMilestones>();
        services.AddSingleton<DialogueCounts>();
        services.AddSingleton<ShardServices>();
        return services;
    }
}
