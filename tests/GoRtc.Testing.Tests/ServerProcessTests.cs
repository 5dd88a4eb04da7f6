using GoRtc.Testing.Tests.Infrastructure;

namespace GoRtc.Testing.Tests;

[Trait("Category", "Process")]
public sealed class ServerProcessTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Captures_stdout_and_stderr_and_the_exit_code()
    {
        await using var process = ServerProcess.Start("sh", ["-c", "echo hello; echo oops >&2; exit 3"], name: "shell");

        Assert.True(await process.WaitForExitAsync(Wait));
        Assert.Equal(3, process.ExitCode);
        Assert.True(process.HasExited);
        Assert.Contains("hello", process.OutputLines);
        Assert.Contains("oops", process.OutputLines);
        Assert.Contains("out| hello", process.Output, StringComparison.Ordinal);
        Assert.Contains("err| oops", process.Output, StringComparison.Ordinal);
        Assert.Contains("shell (pid ", process.Report(), StringComparison.Ordinal);
        Assert.Contains("exited with code 3", process.Report(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passes_arguments_verbatim_and_sets_or_removes_environment_variables()
    {
        Environment.SetEnvironmentVariable("GORTC_TESTING_INHERITED", "parent");
        await using var process = ServerProcess.Start(
            "sh",
            ["-c", "printf '%s|%s|%s|%s\\n' \"$1\" \"$2\" \"$GORTC_TESTING_SET\" \"${GORTC_TESTING_INHERITED:-unset}\"", "sh", "a b", ""],
            new Dictionary<string, string?> { ["GORTC_TESTING_SET"] = "value", ["GORTC_TESTING_INHERITED"] = null });

        Assert.True(await process.WaitForExitAsync(Wait));
        Assert.Equal("a b||value|unset", Assert.Single(process.OutputLines));
    }

    [Fact]
    public async Task The_output_buffer_keeps_only_the_last_lines()
    {
        await using var process = ServerProcess.Start(new ServerProcessStartInfo
        {
            FileName = "seq",
            Arguments = ["1", "2000"],
            MaxOutputLines = 500,
        });

        Assert.True(await process.WaitForExitAsync(Wait));
        Assert.Equal(500, process.OutputLines.Count);
        Assert.Equal("1501", process.OutputLines[0]);
        Assert.Equal("2000", process.OutputLines[^1]);
        Assert.Contains("1500 earlier lines dropped", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Started_processes_are_on_the_process_exit_kill_list_until_disposed()
    {
        var process = ServerProcess.Start("sleep", ["30"]);
        var pid = process.Pid;
        Assert.True(ChildProcessTracker.IsTracked(pid));

        await process.DisposeAsync();

        Assert.False(ChildProcessTracker.IsTracked(pid));
        Assert.Equal(pid, process.Pid);
        Assert.Equal(128 + UnixSignals.SIGKILL, process.ExitCode);
    }

    [Fact]
    public async Task Kill_ends_the_process_with_sigkill()
    {
        await using var process = ServerProcess.Start("sleep", ["30"]);

        process.Kill();

        Assert.True(await process.WaitForExitAsync(Wait));
        Assert.Equal(128 + UnixSignals.SIGKILL, process.ExitCode);
    }

    [Fact]
    public async Task SendSignal_delivers_sigterm_to_the_process()
    {
        var lines = new List<string>();
        await using var process = ServerProcess.Start(new ServerProcessStartInfo
        {
            FileName = "sh",
            Arguments = ["-c", "trap 'echo got TERM; exit 7' TERM; echo ready; while true; do sleep 0.05; done"],
            OutputLog = line => { lock (lines) { lines.Add(line); } },
        });
        Assert.True(await process.WaitForOutputAsync("ready", Wait), process.Report());

        process.SendSignal(UnixSignals.SIGTERM);

        Assert.True(await process.WaitForExitAsync(Wait), process.Report());
        Assert.Equal(7, process.ExitCode);
        Assert.Contains("got TERM", process.OutputLines);
        lock (lines)
        {
            Assert.Contains(lines, l => l.EndsWith("] got TERM", StringComparison.Ordinal));
        }

        Assert.Throws<InvalidOperationException>(() => process.SendSignal(UnixSignals.SIGTERM));
    }

    [Fact]
    public async Task Dispose_kills_the_whole_process_tree()
    {
        var process = ServerProcess.Start("sh", ["-c", "sleep 30 & echo child $!; wait"]);
        Assert.True(await process.WaitForOutputAsync(l => l.StartsWith("child ", StringComparison.Ordinal), Wait), process.Report());
        var child = int.Parse(process.OutputLines.Single(l => l.StartsWith("child ", StringComparison.Ordinal))["child ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(IsAlive(child));

        await process.DisposeAsync();

        Assert.True(process.HasExited);
        var deadline = DateTime.UtcNow + Wait;
        while (IsAlive(child) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.False(IsAlive(child), $"child {child} of the killed shell is still alive");
    }

    [Fact]
    public async Task WaitUntilReady_returns_once_the_health_url_answers_200()
    {
        await using var health = await TestPeerServer.StartAsync();
        health.HealthStatus = 503;
        await using var process = ServerProcess.Start("sleep", ["30"]);
        _ = Task.Delay(300).ContinueWith(_ => health.HealthStatus = 200, TaskScheduler.Default);

        await process.WaitUntilReadyAsync(health.HealthUri, Wait);

        Assert.False(process.HasExited);
    }

    [Fact]
    public async Task WaitUntilReady_times_out_quoting_the_output()
    {
        await using var health = await TestPeerServer.StartAsync();
        health.HealthStatus = 503;
        await using var process = ServerProcess.Start("sh", ["-c", "echo starting up; sleep 30"], name: "slow");
        Assert.True(await process.WaitForOutputAsync("starting", Wait));

        var exception = await Assert.ThrowsAsync<TimeoutException>(() => process.WaitUntilReadyAsync(health.HealthUri, TimeSpan.FromMilliseconds(500)));

        Assert.Contains("slow (pid", exception.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", exception.Message, StringComparison.Ordinal);
        Assert.Contains("out| starting up", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitUntilReady_fails_with_the_output_when_the_process_exits()
    {
        await using var process = ServerProcess.Start("sh", ["-c", "echo boom >&2; exit 4"], name: "crashing");

        var exception = await Assert.ThrowsAsync<ServerProcessException>(
            () => process.WaitUntilReadyAsync(new Uri($"http://127.0.0.1:{FreePort.Next()}/health"), Wait));

        Assert.Contains("crashing (pid", exception.Message, StringComparison.Ordinal);
        Assert.Contains("exited with code 4", exception.Message, StringComparison.Ordinal);
        Assert.Contains("err| boom", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForOutput_returns_false_when_the_process_exits_without_the_line()
    {
        await using var process = ServerProcess.Start("sh", ["-c", "echo nothing"]);

        Assert.False(await process.WaitForOutputAsync("never", Wait));
    }

    [Fact]
    public async Task StartDotnet_runs_the_dotnet_host_and_requires_a_built_assembly()
    {
        await using (var version = ServerProcess.Start(ServerProcess.DotnetHostPath(), ["--version"]))
        {
            Assert.True(await version.WaitForExitAsync(TimeSpan.FromSeconds(30)), version.Report());
            Assert.Equal(0, version.ExitCode);
            Assert.Matches(@"^\d+\.\d+\.\d+", version.OutputLines[0]);
        }

        var missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.dll");
        var exception = Assert.Throws<FileNotFoundException>(() => ServerProcess.StartDotnet(missing));
        Assert.Contains(missing, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Starting_a_missing_executable_fails_clearly()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => ServerProcess.Start("gortc-no-such-executable", []));
        Assert.Contains("gortc-no-such-executable", exception.Message, StringComparison.Ordinal);
    }

    private static bool IsAlive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2].Equals("Z", StringComparison.Ordinal);
}
