namespace GoRtc.Testing;

/// <summary>What <see cref="ServerProcess.Start(ServerProcessStartInfo)"/> runs.</summary>
public sealed class ServerProcessStartInfo
{
    /// <summary>The executable (a path, or a name looked up on PATH).</summary>
    public required string FileName { get; init; }

    /// <summary>Arguments, passed one by one (no shell quoting).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Environment variables to set (a null value removes the variable); the rest is inherited.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>The working directory; the current one when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>A label for messages; defaults to the file name.</summary>
    public string? Name { get; init; }

    /// <summary>How many of the last stdout/stderr lines are kept for failure messages. Default 500.</summary>
    public int MaxOutputLines { get; init; } = 500;

    /// <summary>Receives every output line as it arrives, prefixed with the name (e.g. <c>ITestOutputHelper.WriteLine</c>).</summary>
    public Action<string>? OutputLog { get; init; }
}
