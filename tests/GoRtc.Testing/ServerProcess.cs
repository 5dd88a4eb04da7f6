using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace GoRtc.Testing;

/// <summary>
/// A child process for real-process end-to-end tests (a built GoRtc server, redis-server, or any executable), with
/// its stdout/stderr captured in a bounded ring buffer for failure messages. Disposing kills the whole process tree;
/// every started process is also killed when the test process exits, so none leaks.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly OutputRingBuffer _output;
    private readonly Action<string>? _outputLog;
    private readonly Lock _exitLock = new();
    private int _pid;
    private int? _exitCodeAfterDispose;
    private int _disposed;

    private ServerProcess(Process process, string name, int maxOutputLines, Action<string>? outputLog)
    {
        _process = process;
        Name = name;
        _output = new OutputRingBuffer(maxOutputLines);
        _outputLog = outputLog;
    }

    /// <summary>The label used in messages.</summary>
    public string Name { get; }

    /// <summary>The process id.</summary>
    public int Pid => _pid;

    /// <summary>True once the process has exited (always true after dispose).</summary>
    public bool HasExited
    {
        get
        {
            lock (_exitLock)
            {
                return _disposed != 0 || _process.HasExited;
            }
        }
    }

    /// <summary>The exit code once exited (128 + signal number when killed by a signal), else null. Kept after dispose.</summary>
    public int? ExitCode
    {
        get
        {
            lock (_exitLock)
            {
                return _disposed != 0 ? _exitCodeAfterDispose : _process.HasExited ? _process.ExitCode : null;
            }
        }
    }

    /// <summary>The captured output lines (stdout and stderr interleaved in arrival order; at most the configured number).</summary>
    public IReadOnlyList<string> OutputLines => _output.Lines();

    /// <summary>The captured output for failure messages, one indented line each, stderr lines marked <c>err|</c>.</summary>
    public string Output => _output.Render();

    /// <summary>Starts <paramref name="startInfo"/>.</summary>
    /// <exception cref="InvalidOperationException">The executable could not be started (e.g. not found).</exception>
    public static ServerProcess Start(ServerProcessStartInfo startInfo)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        var info = new ProcessStartInfo(startInfo.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in startInfo.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in startInfo.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        if (startInfo.WorkingDirectory is { } directory)
        {
            info.WorkingDirectory = directory;
        }

        var name = startInfo.Name ?? Path.GetFileName(startInfo.FileName);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ServerProcess(process, name, startInfo.MaxOutputLines, startInfo.OutputLog);
        process.OutputDataReceived += (_, e) => server.OnOutput(isError: false, e.Data);
        process.ErrorDataReceived += (_, e) => server.OnOutput(isError: true, e.Data);
        try
        {
            if (!process.Start())
            {
                throw new InvalidOperationException($"Could not start '{startInfo.FileName}' ({name}).");
            }
        }
        catch (Win32Exception exception)
        {
            process.Dispose();
            throw new InvalidOperationException(
                $"Could not start '{startInfo.FileName}' {string.Join(' ', startInfo.Arguments)} ({name}): {exception.Message}", exception);
        }

        server._pid = process.Id;
        ChildProcessTracker.Register(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/> (e.g. <c>sh</c>, <c>["-c", "echo hi"]</c>).</summary>
    /// <exception cref="InvalidOperationException">The executable could not be started (e.g. not found).</exception>
    public static ServerProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? name = null) =>
        Start(new ServerProcessStartInfo
        {
            FileName = fileName,
            Arguments = [.. arguments],
            Environment = environment ?? new Dictionary<string, string?>(),
            Name = name,
        });

    /// <summary>
    /// Starts <c>dotnet &lt;assemblyPath&gt; arguments…</c> (e.g. a built server from <see cref="RepoPaths.BuiltAssembly"/>),
    /// in the assembly's directory, with the same dotnet host that runs the tests.
    /// </summary>
    /// <exception cref="FileNotFoundException">The assembly does not exist (not built).</exception>
    public static ServerProcess StartDotnet(
        string assemblyPath,
        IEnumerable<string>? arguments = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? name = null,
        Action<string>? outputLog = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(assemblyPath);
        var fullPath = Path.GetFullPath(assemblyPath);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Built assembly not found: {fullPath}. Build it first (dotnet build).", fullPath);
        }

        return Start(new ServerProcessStartInfo
        {
            FileName = DotnetHostPath(),
            Arguments = [fullPath, .. arguments ?? []],
            Environment = environment ?? new Dictionary<string, string?>(),
            WorkingDirectory = Path.GetDirectoryName(fullPath),
            Name = name ?? Path.GetFileNameWithoutExtension(fullPath),
            OutputLog = outputLog,
        });
    }

    /// <summary>
    /// The dotnet host: <c>DOTNET_HOST_PATH</c> (set by the SDK under <c>dotnet test</c>), else the running host if it is
    /// dotnet, else <c>dotnet</c> on PATH.
    /// </summary>
    public static string DotnetHostPath()
    {
        if (System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        if (System.Environment.ProcessPath is { } processPath
            && Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return processPath;
        }

        return "dotnet";
    }

    /// <summary>
    /// Polls <paramref name="healthUrl"/> with HTTP GET until it answers 200. Throws, quoting the captured output,
    /// when the process exits first or <paramref name="timeout"/> passes.
    /// </summary>
    /// <exception cref="ServerProcessException">The process exited before being ready.</exception>
    /// <exception cref="TimeoutException">Not ready within the timeout.</exception>
    public async Task WaitUntilReadyAsync(Uri healthUrl, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(healthUrl);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var started = Stopwatch.GetTimestamp();
        var lastAttempt = "no attempt yet";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (HasExited)
            {
                await WaitForOutputDrainAsync().ConfigureAwait(false);
                throw new ServerProcessException(
                    $"{Describe()} exited with code {ExitCode} before {healthUrl} answered 200 (last attempt: {lastAttempt}).{System.Environment.NewLine}{Output}");
            }

            try
            {
                using var response = await http.GetAsync(healthUrl, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                lastAttempt = $"HTTP {(int)response.StatusCode} {response.StatusCode}";
            }
            catch (HttpRequestException exception)
            {
                lastAttempt = exception.Message;
            }
            catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                lastAttempt = $"request timed out ({exception.Message})";
            }

            if (Stopwatch.GetElapsedTime(started) >= timeout)
            {
                throw new TimeoutException(
                    $"{Describe()} was not ready within {GoDuration.Format(timeout)}: {healthUrl} never answered 200 (last attempt: {lastAttempt}).{System.Environment.NewLine}{Output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until an output line satisfies <paramref name="predicate"/> (lines already captured count); false on timeout or exit.</summary>
    public async Task<bool> WaitForOutputAsync(Func<string, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var found = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Listener(string line)
        {
            if (predicate(line))
            {
                found.TrySetResult();
            }
        }

        var existing = _output.Subscribe(Listener);
        try
        {
            if (existing.Any(predicate))
            {
                return true;
            }

            var exited = WaitForExitAsync(Timeout.InfiniteTimeSpan, cancellationToken);
            var winner = await Task.WhenAny(found.Task, exited, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return winner == found.Task || found.Task.IsCompleted;
        }
        finally
        {
            _output.Unsubscribe(Listener);
        }
    }

    /// <summary>Waits until an output line contains <paramref name="text"/> (ordinal); false on timeout or exit.</summary>
    public Task<bool> WaitForOutputAsync(string text, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForOutputAsync(line => line.Contains(text, StringComparison.Ordinal), timeout, cancellationToken);

    /// <summary>Waits for the process to exit (and its output to be read); false on timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return true;
        }

        try
        {
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Sends a Unix signal (see <see cref="UnixSignals"/>) to the process itself (not its children).</summary>
    /// <exception cref="InvalidOperationException">The signal could not be delivered (e.g. the process is gone).</exception>
    public void SendSignal(int signal)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            throw new PlatformNotSupportedException("Signals need a Unix-like OS.");
        }

        if (HasExited)
        {
            throw new InvalidOperationException($"Cannot send signal {signal}: {Describe()} has already exited with code {ExitCode}.");
        }

        if (Kill(_pid, signal) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException($"kill({_pid}, {signal}) failed for {Describe()}: errno {errno}.");
        }
    }

    /// <summary>Kills the process and all its descendants (SIGKILL), without waiting. No-op if it has exited.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Raced with its exit.
        }
    }

    /// <summary>Kills the process tree, waits for the exit, releases the process.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        Kill();
        await WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        lock (_exitLock)
        {
            if (_disposed != 0)
            {
                return;
            }

            _exitCodeAfterDispose = _process.HasExited ? _process.ExitCode : null;
            _disposed = 1;
            ChildProcessTracker.Unregister(_process);
            _process.Dispose();
        }
    }

    /// <summary>E.g. <c>GoRtc.Gateway (pid 1234)</c>.</summary>
    public string Describe() => $"{Name} (pid {_pid})";

    /// <summary>A description with the exit state and the captured output, for assertion messages.</summary>
    public string Report() =>
        $"{Describe()} {(ExitCode is { } code ? $"exited with code {code}" : HasExited ? "exited" : "is running")}; captured output:{System.Environment.NewLine}{Output}";

    /// <inheritdoc/>
    public override string ToString() => Describe();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private async Task WaitForOutputDrainAsync()
    {
        // WaitForExitAsync also waits for the redirected streams to reach end of file.
        await WaitForExitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
    }

    private void OnOutput(bool isError, string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Add(isError, line);
        if (_outputLog is { } log)
        {
            try
            {
                log($"[{Name}{(isError ? " err" : string.Empty)}] {line}");
            }
#pragma warning disable CA1031 // A log sink that throws (e.g. a finished test's output helper) must not crash the test host.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}

/// <summary>A <see cref="ServerProcess"/> failed (e.g. exited before it was ready); the message quotes its output.</summary>
public sealed class ServerProcessException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ServerProcessException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ServerProcessException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ServerProcessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
