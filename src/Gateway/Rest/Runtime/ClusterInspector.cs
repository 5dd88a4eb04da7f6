using Orleans.Runtime;

namespace GoRtc.Gateway.Rest.Runtime;

/// <summary>One live activation of a grain: its key and the silo it runs on.</summary>
internal readonly record struct GrainActivation(string Key, string Silo);

/// <summary>A grain's answer to <c>Inspect</c>, with where the grain runs.</summary>
internal readonly record struct Inspected<TSnapshot>(GrainActivation Activation, TSnapshot Snapshot);

/// <summary>The answers of every activation asked, in key order, and how many did not answer.</summary>
internal sealed record InspectionResult<TSnapshot>(IReadOnlyList<Inspected<TSnapshot>> Answers, int Unreachable);

/// <summary>
/// Sees the whole cluster from one gateway: finds the live activations of GoRtc's grains on every silo (the
/// management grain's detailed statistics) and asks each for its snapshot through its interleaving, read-only
/// <c>Inspect</c> method.
/// </summary>
/// <remarks>
/// Every activation is asked, whatever the view's <c>limit</c>, so that the counts are complete; the limit only
/// bounds what is listed. Calls run in parallel, at most <see cref="MaxConcurrentCalls"/> at a time, so a large
/// cluster is walked steadily rather than flooded.
/// </remarks>
internal sealed partial class ClusterInspector
{
    /// <summary>Inspect calls in flight at once.</summary>
    private const int MaxConcurrentCalls = 32;

    /// <summary>
    /// A grain that has not answered by then is counted as unreachable: stuck in a long turn, or a dialogue that went
    /// (parked) between the listing and the call, whose forwarded call can wait out the cluster's response timeout. A
    /// view answers within about this long.
    /// </summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(2);

    private readonly IGrainFactory _grains;
    private readonly ILogger<ClusterInspector> _logger;

    public ClusterInspector(IGrainFactory grains, ILogger<ClusterInspector> logger)
    {
        _grains = grains;
        _logger = logger;
    }

    public IManagementGrain Management => _grains.GetGrain<IManagementGrain>(0);

    /// <summary>The grain type name that Orleans' statistics use for a grain class (<c>Full.Name,Assembly</c>).</summary>
    public static string GrainTypeName(Type grainClass) => $"{grainClass.FullName},{grainClass.Assembly.GetName().Name}";

    /// <summary>Live activations of each grain class across the cluster, one per grain, in key order.</summary>
    public async Task<ILookup<Type, GrainActivation>> FindAsync(IReadOnlyCollection<Type> grainClasses, CancellationToken cancellationToken)
    {
        var classes = grainClasses.ToDictionary(GrainTypeName, c => c, StringComparer.Ordinal);
        var statistics = await Management.GetDetailedGrainStatistics([.. classes.Keys]).WaitAsync(cancellationToken);
        return statistics
            .Where(s => classes.ContainsKey(s.GrainType))
            .DistinctBy(s => s.GrainId)
            .Select(s => (Class: classes[s.GrainType], Activation: new GrainActivation(s.GrainId.Key.ToString()!, s.SiloAddress.ToParsableString())))
            .OrderBy(a => a.Activation.Key, StringComparer.Ordinal)
            .ToLookup(a => a.Class, a => a.Activation);
    }

    /// <summary>Asks each activation for its snapshot; one that fails or does not answer in time is counted, not listed.</summary>
    public async Task<InspectionResult<TSnapshot>> InspectAsync<TGrain, TSnapshot>(
        IEnumerable<GrainActivation> activations, Func<TGrain, Task<TSnapshot>> inspect, CancellationToken cancellationToken)
        where TGrain : IGrainWithStringKey
    {
        var targets = activations.ToArray();
        var answers = new Inspected<TSnapshot>?[targets.Length];
        var unreachable = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentCalls, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, targets.Length), options, async (i, token) =>
        {
            try
            {
                var snapshot = await inspect(_grains.GetGrain<TGrain>(targets[i].Key)).WaitAsync(CallTimeout, token);
                answers[i] = new Inspected<TSnapshot>(targets[i], snapshot);
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                // A grain that is deactivating, on a silo that just died, or stuck: the view goes on without it.
                Interlocked.Increment(ref unreachable);
                LogInspectFailed(ex, typeof(TGrain).Name, targets[i].Key);
            }
        });

        return new InspectionResult<TSnapshot>([.. answers.Where(a => a is not null).Select(a => a!.Value)], unreachable);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Runtime view: {Grain} {Key} did not answer Inspect")]
    private partial void LogInspectFailed(Exception exception, string grain, string key);
}
