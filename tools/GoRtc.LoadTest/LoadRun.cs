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
    private int _phase;
    private long _lateResponses;
    private long _unmatchedResponses;

    public LoadRun(LoadOptions options)
    {
        Options = options;
        OperationTimeoutTicks = (long)(options.OperationTimeout.TotalSeconds * Stopwatch.Frequency);
        _stripes = new LatencyHistogram[Math.Max(4, Environment.ProcessorCount * 4)];
        for (var i = 0; i < _stripes.Length; i++)
        {
            _stripes[i] = new LatencyHistogram();
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

    public void Error(string kind, long count = 1) => _errors.AddOrUpdate(kind, count, (_, n) => n + count);

    public void LateResponse() => Interlocked.Increment(ref _lateResponses);

    public void UnmatchedResponse() => Interlocked.Increment(ref _unmatchedResponses);

    public SortedDictionary<string, long> ErrorSnapshot() => new(_errors, StringComparer.Ordinal);

    public LatencyHistogram MergedLatency()
    {
        var merged = new LatencyHistogram();
        foreach (var stripe in _stripes)
        {
            merged.Add(stripe);
        }

        return merged;
    }
}
