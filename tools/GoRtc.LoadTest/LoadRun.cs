using System.Collections.Concurrent;
using System.Diagnostics;

namespace GoRtc.LoadTest;

/// <summary>Phases of a run; operations only start before <see cref="Drain"/>.</summary>
internal static class RunPhase
{
    public const int Warmup = 0;
    public const int Measure = 1;
    public const int Drain = 2;
}

/// <summary>State shared by every connection of one run: phase, error counters, latency stripes.</summary>
internal sealed class LoadRun
{
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly LatencyHistogram[] _stripes;
    private readonly LatencyHistogram[] _answerStripes;
    private readonly Dictionary<System.Net.IPAddress, System.Net.Http.HttpMessageInvoker> _invokers = [];
    private LoadConnection[] _connections = [];
    private long _deliveredMeasured;
    private int _phase;
    private long _lateResponses;
    private long _unmatchedResponses;

    public LoadRun(LoadOptions options)
    {
        Options = options;
        OperationTimeoutTicks = (long)(options.OperationTimeout.TotalSeconds * Stopwatch.Frequency);
        _stripes = new LatencyHistogram[Math.Max(4, Environment.ProcessorCount * 4)];
        _answerStripes = new LatencyHistogram[_stripes.Length];
        for (var i = 0; i < _stripes.Length; i++)
        {
            _stripes[i] = new LatencyHistogram();
            _answerStripes[i] = new LatencyHistogram();
        }

        foreach (var address in options.LocalAddresses)
        {
            _invokers.TryAdd(address, new System.Net.Http.HttpMessageInvoker(LocalAddressHandler.Create(address)));
        }

        // Unique per process, so DialogueIDs (grain keys on the server) never repeat across runs against one node.
        RunId = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.NextInt64()))[..10];
    }

    public LoadOptions Options { get; }

    public string RunId { get; }

    public long OperationTimeoutTicks { get; }

    public int Phase
    {
        get => Volatile.Read(ref _phase);
        set => Volatile.Write(ref _phase, value);
    }

    public long LateResponses => Volatile.Read(ref _lateResponses);

    public long UnmatchedResponses => Volatile.Read(ref _unmatchedResponses);

    public LatencyHistogram Stripe(int connectionIndex) => _stripes[connectionIndex % _stripes.Length];

    /// <summary>Chat: MESSAGE → 200 latencies.</summary>
    public LatencyHistogram AnswerStripe(int connectionIndex) => _answerStripes[connectionIndex % _answerStripes.Length];

    /// <summary>Chat: member copies received in the measured window.</summary>
    public long DeliveredMeasured => Interlocked.Read(ref _deliveredMeasured);

    /// <summary>Every connection of the run (chat: a member tells the sender that its copy arrived).</summary>
    public IReadOnlyList<LoadConnection> Connections => _connections;

    public void SetConnections(LoadConnection[] connections) => _connections = connections;

    public void Delivered() => Interlocked.Increment(ref _deliveredMeasured);

    /// <summary>The HTTP invoker that connects from <paramref name="address"/>, or null for the system's choice.</summary>
    public System.Net.Http.HttpMessageInvoker? InvokerFor(System.Net.IPAddress? address) =>
        address is not null && _invokers.TryGetValue(address, out var invoker) ? invoker : null;

    public void Error(string kind, long count = 1) => _errors.AddOrUpdate(kind, count, (_, n) => n + count);

    public void LateResponse() => Interlocked.Increment(ref _lateResponses);

    public void UnmatchedResponse() => Interlocked.Increment(ref _unmatchedResponses);

    public SortedDictionary<string, long> ErrorSnapshot() => new(_errors, StringComparer.Ordinal);

    public LatencyHistogram MergedLatency() => Merge(_stripes);

    public LatencyHistogram MergedAnswerLatency() => Merge(_answerStripes);

    private static LatencyHistogram Merge(LatencyHistogram[] stripes)
    {
        var merged = new LatencyHistogram();
        foreach (var stripe in stripes)
        {
            merged.Add(stripe);
        }

        return merged;
    }
}
