namespace GoRtc.LoadTest.Tests;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void An_empty_histogram_reports_zero()
    {
        var h = new LatencyHistogram();

        Assert.Equal(0, h.ValueAtPercentile(99));
        Assert.Equal(0, h.Mean);
        Assert.Equal(0, h.TotalCount);
    }

    [Fact]
    public void Values_below_1024_us_are_exact()
    {
        var h = new LatencyHistogram();
        for (var v = 1; v <= 100; v++)
        {
            h.Record(v);
        }

        Assert.Equal(50, h.ValueAtPercentile(50));
        Assert.Equal(90, h.ValueAtPercentile(90));
        Assert.Equal(99, h.ValueAtPercentile(99));
        Assert.Equal(100, h.ValueAtPercentile(100));
        Assert.Equal(50.5, h.Mean);
    }

    [Theory]
    [InlineData(1_500)]
    [InlineData(25_000)]
    [InlineData(7_654_321)]
    public void Large_values_are_within_a_fifth_of_a_percent(long value)
    {
        var h = new LatencyHistogram();
        h.Record(value);
        h.Record(value * 2); // so the single value is not simply clamped to the max

        var p50 = h.ValueAtPercentile(50);

        Assert.InRange(p50, value * 0.998, value * 1.002);
        Assert.Equal(value * 2, h.MaxValue);
    }

    [Fact]
    public void A_percentile_never_exceeds_the_maximum_recorded()
    {
        var h = new LatencyHistogram();
        h.Record(100_001);

        Assert.Equal(100_001, h.ValueAtPercentile(99));
    }

    [Fact]
    public void Negative_values_count_as_zero()
    {
        var h = new LatencyHistogram();
        h.Record(-5);

        Assert.Equal(1, h.TotalCount);
        Assert.Equal(0, h.MaxValue);
    }

    [Fact]
    public void Adding_merges_counts_max_and_mean()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        a.Record(10);
        a.Record(20);
        b.Record(30);
        b.Record(5_000);

        a.Add(b);

        Assert.Equal(4, a.TotalCount);
        Assert.Equal(5_000, a.MaxValue);
        Assert.Equal(20, a.ValueAtPercentile(50));
        Assert.Equal((10 + 20 + 30 + 5_000) / 4.0, a.Mean);
    }
}
