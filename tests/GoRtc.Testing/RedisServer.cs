using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GoRtc.Testing;

/// <summary>
/// A throw-away redis-server for one fixture: <c>redis-server --port &lt;free&gt; --bind 127.0.0.1 --save '' --appendonly no
/// --daemonize no</c>, ready once it answers PING on a raw socket. Disposing kills it. No Redis client package is used.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string InstallHint = "install it with: apt-get install -y redis-server";
    private readonly ServerProcess _process;

    private RedisServer(ServerProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The loopback address it listens on.</summary>
    public static string Host => "127.0.0.1";

    /// <summary>Its TCP port.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>, the StackExchange.Redis / Orleans connection string.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    /// <summary>The redis-server process id.</summary>
    public int Pid => _process.Pid;

    /// <summary>The process (output, exit code, signals).</summary>
    public ServerProcess Process => _process;

    /// <summary>Starts a redis-server with default options.</summary>
    /// <exception cref="InvalidOperationException">redis-server is not installed.</exception>
    /// <exception cref="ServerProcessException">It exited during start-up.</exception>
    /// <exception cref="TimeoutException">It did not answer PING in time.</exception>
    public static Task<RedisServer> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(new RedisServerOptions(), cancellationToken);

    /// <summary>Starts a redis-server.</summary>
    /// <exception cref="InvalidOperationException">redis-server is not installed.</exception>
    /// <exception cref="ServerProcessException">It exited during start-up.</exception>
    /// <exception cref="TimeoutException">It did not answer PING in time.</exception>
    public static async Task<RedisServer> StartAsync(RedisServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var executable = ResolveExecutable(options.Executable);
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var process = ServerProcess.Start(new ServerProcessStartInfo
            {
                FileName = executable,
                Arguments =
                [
                    "--port", port.ToString(CultureInfo.InvariantCulture),
                    "--bind", Host,
                    "--save", string.Empty,
                    "--appendonly", "no",
                    "--daemonize", "no",
                    .. options.ExtraArguments,
                ],
                Name = $"redis-server:{port}",
                OutputLog = options.OutputLog,
            });
            try
            {
                await WaitForPongAsync(process, port, options.StartTimeout, cancellationToken).ConfigureAwait(false);
                return new RedisServer(process, port);
            }
            catch (ServerProcessException) when (attempt < attempts && process.OutputLines.Any(l => l.Contains("Address already in use", StringComparison.Ordinal)))
            {
                // Another program took the port between FreePort.Next and the bind: try another one.
                await process.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await process.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Sends an inline <c>PING</c> on a new connection and returns the reply line (<c>+PONG</c>).</summary>
    public Task<string> PingAsync(CancellationToken cancellationToken = default) => PingAsync(Port, cancellationToken);

    /// <summary>Kills redis-server (SIGKILL) without waiting, e.g. to test an outage; <see cref="DisposeAsync"/> is still needed.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Kills redis-server and waits for it to exit.</summary>
    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <inheritdoc/>
    public override string ToString() => $"redis-server {ConnectionString} (pid {Pid})";

    private static string ResolveExecutable(string executable)
    {
        if (executable.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(executable)
                ? executable
                : throw new InvalidOperationException($"redis-server not found at {executable}; {InstallHint}.");
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, executable);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"'{executable}' is not installed (not found on PATH); {InstallHint}.");
    }

    private static async Task WaitForPongAsync(ServerProcess process, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var lastAttempt = "no attempt yet";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                await process.WaitForExitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
                throw new ServerProcessException(
                    $"{process.Describe()} exited with code {process.ExitCode} during start-up.{Environment.NewLine}{process.Output}");
            }

            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(TimeSpan.FromSeconds(1));
                var reply = await PingAsync(port, attempt.Token).ConfigureAwait(false);
                if (reply.StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }

                lastAttempt = $"reply '{reply}'";
            }
            catch (Exception exception) when (exception is SocketException or IOException
                || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                lastAttempt = exception.Message;
            }

            if (Stopwatch.GetElapsedTime(started) >= timeout)
            {
                throw new TimeoutException(
                    $"{process.Describe()} did not answer PING within {GoDuration.Format(timeout)} (last attempt: {lastAttempt}).{Environment.NewLine}{process.Output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<string> PingAsync(int port, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken).ConfigureAwait(false);
        await socket.SendAsync("PING\r\n"u8.ToArray(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[256];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n"u8) >= 0)
            {
                break;
            }
        }

        return Encoding.ASCII.GetString(buffer, 0, length).TrimEnd('\r', '\n');
    }
}
