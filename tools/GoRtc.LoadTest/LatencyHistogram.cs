using System.Numerics;

namespace GoRtc.LoadTest;

/// <summary>
/// HdrHistogram-like latency recorder in microseconds: exact below <see cref="LinearLimit"/> µs, then
/// <see cref="SubBuckets"/> linear buckets per power of two (relative error ≤ 1/<see cref="SubBuckets"/>, ~0.2 %).
/// Fixed memory, lock-free recording (<see cref="Interlocked"/>), so a few stripes shared by all connections suffice.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 9;
    private const int SubBuckets = 1 << SubBucketBits; // 512 per octave
    private const long LinearLimit = 2L * SubBuckets; // 0..1023 µs exact
    private const int MaxExponent = 40 - SubBucketBits; // ~12.7 days; larger values are clamped

    private readonly long[] _counts = new long[BucketCount];
    private long _max;
    private long _total;
    private long _sum;

    private static int BucketCount => (int)LinearLimit + ((MaxExponent + 1) * SubBuckets);

    public long TotalCount => Volatile.Read(ref _total);

    public long MaxValue => Volatile.Read(ref _max);

    public void Record(long microseconds)
    {
        if (microseconds < 0)
        {
            microseconds = 0;
        }

        Interlocked.Increment(ref _counts[IndexOf(microseconds)]);
        Interlocked.Increment(ref _total);
        Interlocked.Add(ref _sum, microseconds);
        var max = Volatile.Read(ref _max);
        while (microseconds > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, microseconds, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>Adds <paramref name="other"/> into this histogram (call when recording has stopped).</summary>
    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        _total += other._total;
        _sum += other._sum;
        _max = Math.Max(_max, other._max);
    }

    public double Mean => _total == 0 ? 0 : (double)_sum / _total;

    /// <summary>The value at <paramref name="percentile"/> (0..100), in µs: the middle of its bucket, at most the max.</summary>
    public long ValueAtPercentile(double percentile)
    {
        if (_total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(percentile / 100.0 * _total);
        rank = Math.Clamp(rank, 1, _total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                var (low, width) = BucketRange(i);
                return Math.Min(low + (width / 2), _max);
            }
        }

        return _max;
    }

    private static int IndexOf(long value)
    {
        if (value < LinearLimit)
        {
            return (int)value;
        }

        // value in [2^k, 2^(k+1)), k ≥ SubBucketBits + 1: keep the top SubBucketBits+1 bits.
        var k = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var exponent = k - SubBucketBits; // ≥ 1
        if (exponent > MaxExponent)
        {
            return BucketCount - 1;
        }

        var sub = (int)(value >> exponent) - SubBuckets; // 0..SubBuckets-1
        return (int)LinearLimit + ((exponent - 1) * SubBuckets) + sub;
    }

    private static (long Low, long Width) BucketRange(int index)
    {
        if (index < LinearLimit)
        {
            return (index, 1);
        }

        var rest = index - (int)LinearLimit;
        var exponent = (rest / SubBuckets) + 1;
        var sub = rest % SubBuckets;
        var width = 1L << exponent;
        return ((SubBuckets + (long)sub) << exponent, width);
    }
}
