using System.Diagnostics;
using GoRtc.EndToEnd.Tests.Fixtures;
using Xunit;

namespace GoRtc.EndToEnd.Tests;

/// <summary>The reference's signal contract (spec §7.2): SIGINT/SIGQUIT stop gracefully within 5 s, SIGTERM at once.</summary>
public sealed class ProcessSignalTests
{
    private const int SigInt = 2;
    private const int SigQuit = 3;
    private const int SigTerm = 15;

    [Theory]
    [InlineData(SigInt)]
    [InlineData(SigQuit)]
    public async Task Graceful_signal_stops_the_node_within_five_seconds(int signal)
    {
        var node = new AllInOneNode();
        await node.InitializeAsync();
        try
        {
            var stopwatch = Stopwatch.StartNew();
            node.Process.SendSignal(signal);
            Assert.True(await node.Process.WaitForExitAsync(TimeSpan.FromSeconds(5)), $"still running 5 s after signal {signal}\n{node.Report()}");
            Assert.Equal(0, node.Process.ExitCode);
            Assert.Contains(node.Process.OutputLines, l => l.Contains("shutting down", StringComparison.OrdinalIgnoreCase));
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5));
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Sigterm_stops_the_node_at_once()
    {
        var node = new AllInOneNode();
        await node.InitializeAsync();
        try
        {
            node.Process.SendSignal(SigTerm);
            Assert.True(await node.Process.WaitForExitAsync(TimeSpan.FromSeconds(1.5)), $"still running after SIGTERM\n{node.Report()}");
            Assert.DoesNotContain(node.Process.OutputLines, l => l.Contains("shutting down", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            await node.DisposeAsync();
        }
    }
}
