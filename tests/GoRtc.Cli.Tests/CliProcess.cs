using GoRtc.Testing;

namespace GoRtc.Cli.Tests;

/// <summary>Runs the built <c>gortc</c> (GoRtc.Cli.dll of the configuration under test) as a real process.</summary>
internal static class CliProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var cli = RepoPaths.BuiltAssembly("tools/GoRtc.Cli", "GoRtc.Cli");

        // The variables are cleared so a developer's own GORTC_URL/GORTC_TOKEN cannot change what a test sees.
        var dotnet = new DotnetCli(
            RepoPaths.Root,
            new Dictionary<string, string> { [CommandLine.UrlVariable] = string.Empty, [CommandLine.TokenVariable] = string.Empty });
        using var timeout = new CancellationTokenSource(Timeout);
        var run = await dotnet.RunAsync([cli, .. args], echo: null, timeout.Token);
        return (run.ExitCode, run.StandardOutput, run.StandardError);
    }
}
