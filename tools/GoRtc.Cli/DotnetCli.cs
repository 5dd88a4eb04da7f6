using System.Diagnostics;
using System.Text;

namespace GoRtc.Cli;

/// <summary>
/// Runs the <c>dotnet</c> command (build, msbuild, new) as a child process. Output is captured, and streamed
/// line by line to an echo writer when one is given so a long build shows progress.
/// </summary>
internal sealed class DotnetCli
{
    /// <summary>
    /// How long to wait for output after the process has exited. Build servers started by the build can inherit
    /// its pipes and keep them open; the build's own output is complete once it exits, so do not wait for them.
    /// </summary>
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(5);

    private readonly string? _workingDirectory;
    private readonly IReadOnlyDictionary<string, string> _environment;

    /// <param name="workingDirectory">Where to run; the current folder when null.</param>
    /// <param name="environment">Variables set for the child on top of this process's environment.</param>
    public DotnetCli(string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        _workingDirectory = workingDirectory;
        _environment = environment ?? new Dictionary<string, string>();
    }

    /// <summary>
    /// The <c>dotnet</c> host to start: the one running this tool when it is <c>dotnet</c> itself (so a tool run
    /// with a private SDK builds with it), else <c>dotnet</c> from PATH (an installed tool runs from its apphost).
    /// </summary>
    public static string HostPath
    {
        get
        {
            var current = Environment.ProcessPath;
            return current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
                ? current
                : "dotnet";
        }
    }

    /// <summary>Runs <c>dotnet &lt;arguments&gt;</c> to completion; killed (with its children) if cancelled.</summary>
    /// <param name="echo">Receives every output line (stdout and stderr) as it comes; null to stay quiet.</param>
    public async Task<DotnetRun> RunAsync(IReadOnlyList<string> arguments, TextWriter? echo, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(HostPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (_workingDirectory is not null)
        {
            start.WorkingDirectory = _workingDirectory;
        }

        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new PluginBuildException($"cannot start '{start.FileName}': {ex.Message}. Is the .NET SDK installed and on PATH?", ex);
        }

        // Both writers may be fed from two reader tasks at once.
        var sink = echo is null ? null : TextWriter.Synchronized(echo);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput, stdout, sink),
            PumpAsync(process.StandardError, stderr, sink));
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        try
        {
            await pumps.WaitAsync(OutputDrainTimeout, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            // A build server holds the pipe open; what the build itself printed has been read.
        }

        return new DotnetRun(process.ExitCode, Snapshot(stdout), Snapshot(stderr));
    }

    /// <summary>What a pump has captured so far; it may still be appending if the drain timed out.</summary>
    private static string Snapshot(StringBuilder capture)
    {
        lock (capture)
        {
            return capture.ToString();
        }
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder capture, TextWriter? echo)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (capture)
            {
                capture.AppendLine(line);
            }

            if (echo is not null)
            {
                await echo.WriteLineAsync(line);
            }
        }
    }
}
