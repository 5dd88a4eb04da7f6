namespace GoRtc.Cli.Tests;

/// <summary>
/// Tests that run <c>dotnet build</c> on projects referencing src/SlpSdk and src/Jsip. Two such builds at once
/// would write the same obj/ folders, so they run one after another.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DotnetBuildCollection
{
    public const string Name = "dotnet build";

    /// <summary>Long enough for a cold build of the SDK and a plugin on a slow CI box; a hang fails instead of stalling the run.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
}
