namespace GoRtc.Cli;

/// <summary>How one <c>dotnet</c> invocation ended, with what it printed.</summary>
internal sealed record DotnetRun(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}
