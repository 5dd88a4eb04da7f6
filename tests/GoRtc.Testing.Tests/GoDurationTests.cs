namespace GoRtc.Testing.Tests;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("1s", 1_000)]
    [InlineData("500ms", 500)]
    [InlineData("1m30s", 90_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData(".5s", 500)]
    [InlineData("1h1m1s1ms", 3_661_001)]
    [InlineData("0", 0)]
    [InlineData("+3s", 3_000)]
    [InlineData("-2s", -2_000)]
    [InlineData("1000us", 1)]
    [InlineData("1000µs", 1)]
    [InlineData("1000000ns", 1)]
    public void Parses_go_durations(string text, long milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), GoDuration.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("s")]
    [InlineData("1x")]
    [InlineData(".s")]
    [InlineData("1 s")]
    [InlineData("1S")]
    [InlineData("-")]
    [InlineData("99999999999h")]
    public void Rejects_what_go_rejects(string text)
    {
        Assert.False(GoDuration.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
        var exception = Assert.Throws<FormatException>(() => GoDuration.Parse(text));
        Assert.Contains($"\"{text}\"", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(500, "500ms")]
    [InlineData(1_000, "1s")]
    [InlineData(1_500, "1.5s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(86_400_000, "24h0m0s")]
    [InlineData(-250, "-250ms")]
    public void Formats_like_go(long milliseconds, string expected) =>
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
