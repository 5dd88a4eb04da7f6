using System.Diagnostics;
using System.Text.Json;
using GoRtc.LoadTest;

var options = LoadOptions.Parse(args, out var usageError);
if (options is null)
{
    await Console.Error.WriteLineAsync($"error: {usageError}\n");
    await Console.Error.WriteLineAsync(LoadOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}

var report = await LoadDriver.RunAsync(options);
Console.WriteLine(options.Json ? JsonSerializer.Serialize(report, LoadJsonContext.Default.LoadReport) : report.ToText());
if (options.MarkdownFile is { } markdown)
{
    var isNew = !File.Exists(markdown) || new FileInfo(markdown).Length == 0;
    await File.AppendAllTextAsync(markdown, (isNew ? report.MarkdownHeader() : string.Empty) + report.ToMarkdownRow());
}

return report.ErrorCount == 0 && report.ConnectedConnections == report.Connections ? 0 : 1;

namespace GoRtc.LoadTest
{
    /// <summary>Connects, runs warm-up and the measured window, drains, closes, reports.</summary>
    internal static class LoadDriver
    {
        private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

        public static async Task<LoadReport> RunAsync(LoadOptions options)
        {
            var run = new LoadRun(options);
            var connections = new LoadConnection[options.Connections];
            for (var i = 0; i < connections.Length; i++)
            {
                var local = options.LocalAddresses.Count == 0 ? null : options.LocalAddresses[i % options.LocalAddresses.Count];
                connections[i] = new LoadConnection(run, i, options.Urls[i % options.Urls.Count], local);
            }

            run.SetConnections(connections);
            var samplers = new List<ProcessSampler>();
            foreach (var target in options.Pids)
            {
                var sampler = new ProcessSampler(target);
                sampler.Baseline(); // idle mode's reference: the server before this run's connections
                samplers.Add(sampler);
            }

            Progress(options, $"connecting {connections.Length} WebSockets to {string.Join(", ", options.Urls)} (run {run.RunId})");
            await ConnectAllAsync(connections, options.ConnectParallelism);
            var connected = 0;
            foreach (var connection in connections)
            {
                if (connection.Connected)
                {
                    connected++;
                }
            }

            if (options.Mode == LoadMode.Chat)
            {
                await SubscribeAllAsync(run, connections, options);
            }

            using var sweepStop = new CancellationTokenSource();
            var sweeper = SweepAsync(connections, sweepStop.Token);

            Progress(options, options.Mode == LoadMode.Idle
                ? $"{connected} connected; holding them, settling {options.Warmup.TotalSeconds:0.###} s"
                : $"{connected} connected; {options.Mode} load, {options.Outstanding} in flight per connection, warm-up {options.Warmup.TotalSeconds:0.###} s");
            run.Phase = RunPhase.Warmup;
            var starts = new List<Task>(connections.Length);
            foreach (var connection in connections)
            {
                if (connection.Connected)
                {
                    starts.Add(connection.StartAsync());
                }
            }

            await Task.WhenAll(starts);
            if (options.Warmup > TimeSpan.Zero)
            {
                await Task.Delay(options.Warmup);
            }

            // Measured window.
            var self = Process.GetCurrentProcess();
            self.Refresh();
            var cpuStart = self.TotalProcessorTime;
            var allocatedStart = GC.GetTotalAllocatedBytes(precise: false);
            var gen0Start = GC.CollectionCount(0);
            foreach (var sampler in samplers)
            {
                sampler.Start();
            }

            var windowStart = Stopwatch.GetTimestamp();
            run.Phase = RunPhase.Measure;
            Progress(options, $"measuring {options.Duration.TotalSeconds:0.###} s");
            var windowEnd = windowStart + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
            var intervalTicks = (long)(options.Interval.TotalSeconds * Stopwatch.Frequency);
            var windows = new List<WindowReport>();
            var sliceStart = windowStart;
            var sliceCompleted = Completed(connections);
            var sliceDelivered = run.DeliveredMeasured;
            while (true)
            {
                var now = Stopwatch.GetTimestamp();
                var remaining = windowEnd - now;
                var sliceEnd = Math.Min(sliceStart + intervalTicks, windowEnd);
                if (now >= sliceEnd)
                {
                    // A window boundary (or the end): the rate over the slice and each role's RSS now.
                    var completedNow = Completed(connections);
                    var deliveredNow = run.DeliveredMeasured;
                    var sliceSeconds = (double)(now - sliceStart) / Stopwatch.Frequency;
                    var rss = new Dictionary<string, double>(StringComparer.Ordinal);
                    foreach (var sampler in samplers)
                    {
                        var bytes = sampler.CurrentRssBytes();
                        if (bytes >= 0)
                        {
                            rss[sampler.Role] = Math.Round(rss.GetValueOrDefault(sampler.Role) + (bytes / (1024.0 * 1024.0)), 1);
                        }
                    }

                    windows.Add(new WindowReport(
                        Math.Round((double)(sliceStart - windowStart) / Stopwatch.Frequency, 1),
                        Math.Round((double)(now - windowStart) / Stopwatch.Frequency, 1),
                        Math.Round((completedNow - sliceCompleted) / sliceSeconds, 1),
                        options.Mode == LoadMode.Chat ? Math.Round((deliveredNow - sliceDelivered) / sliceSeconds, 1) : null,
                        rss));
                    sliceStart = now;
                    sliceCompleted = completedNow;
                    sliceDelivered = deliveredNow;
                }

                if (remaining <= 0)
                {
                    break;
                }

                var untilSliceEnd = (double)(Math.Min(sliceStart + intervalTicks, windowEnd) - Stopwatch.GetTimestamp()) / Stopwatch.Frequency;
                await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(untilSliceEnd, 0.001, 0.5)));
                foreach (var sampler in samplers)
                {
                    sampler.Sample();
                }
            }

            run.Phase = RunPhase.Drain;
            var measured = Stopwatch.GetElapsedTime(windowStart);
            self.Refresh();
            var cpuEnd = self.TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedStart;
            var gen0 = GC.CollectionCount(0) - gen0Start;
            foreach (var sampler in samplers)
            {
                sampler.Stop();
            }

            // Drain: let what is in flight finish (or time out: the sweeper keeps running).
            var drainDeadline = Stopwatch.GetTimestamp() + (long)((options.OperationTimeout.TotalSeconds + 2) * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < drainDeadline && InFlight(connections) > 0)
            {
                await Task.Delay(20);
            }

            var stuck = InFlight(connections);
            if (stuck > 0)
            {
                run.Error("still in flight at exit", stuck);
            }

            await sweepStop.CancelAsync();
            await sweeper;

            var closes = new List<Task>(connections.Length);
            foreach (var connection in connections)
            {
                closes.Add(connection.CloseAsync());
            }

            await Task.WhenAll(closes);

            long completed = 0, failed = 0, total = 0;
            foreach (var connection in connections)
            {
                completed += connection.CompletedMeasured;
                failed += connection.FailedMeasured;
                total += connection.CompletedTotal;
            }

            var latency = run.MergedLatency();
            var errors = run.ErrorSnapshot();
            long errorCount = 0;
            foreach (var (_, count) in errors)
            {
                errorCount += count;
            }

            var processes = new List<ProcessReport>(samplers.Count);
            foreach (var sampler in samplers)
            {
                var cpu = sampler.CpuPercent;
                var cpuSeconds = sampler.CpuSeconds;
                processes.Add(new ProcessReport(
                    sampler.Role,
                    sampler.Pid,
                    cpu < 0 ? null : Math.Round(cpu, 1),
                    cpuSeconds < 0 ? null : Math.Round(cpuSeconds, 2),
                    cpuSeconds < 0 || completed == 0 ? null : Math.Round(cpuSeconds * 1_000_000 / completed, 1),
                    sampler.StartRssBytes < 0 ? null : Mb(sampler.StartRssBytes),
                    sampler.EndRssBytes < 0 ? null : Mb(sampler.EndRssBytes),
                    sampler.PeakRssBytes < 0 ? null : Mb(sampler.PeakRssBytes),
                    sampler.BaselineRssBytes < 0 ? null : Mb(sampler.BaselineRssBytes),
                    options.Mode != LoadMode.Idle || sampler.BaselineRssBytes < 0 || sampler.EndRssBytes < 0 || connected == 0
                        ? null
                        : Math.Round((sampler.EndRssBytes - sampler.BaselineRssBytes) / 1024.0 / connected, 2),
                    sampler.Error));
            }

            self.Refresh();
            var seconds = measured.TotalSeconds;
            return new LoadReport
            {
                Mode = options.Mode.ToString().ToLowerInvariant(),
                RoomSize = options.Mode == LoadMode.Chat ? options.RoomSize : null,
                Urls = options.Urls.ConvertAll(u => u.ToString()),
                Connections = options.Connections,
                ConnectedConnections = connected,
                Outstanding = options.Outstanding,
                DurationSeconds = Math.Round(seconds, 3),
                WarmupSeconds = options.Warmup.TotalSeconds,
                CompletedOperations = completed,
                FailedOperations = failed,
                OpsPerSecond = Math.Round(completed / seconds, 1),
                TotalOperations = total,
                DeliveredMessages = options.Mode == LoadMode.Chat ? run.DeliveredMeasured : null,
                DeliveredPerSecond = options.Mode == LoadMode.Chat ? Math.Round(run.DeliveredMeasured / seconds, 1) : null,
                Errors = errors,
                ErrorCount = errorCount,
                LateResponses = run.LateResponses,
                UnmatchedResponses = run.UnmatchedResponses,
                Latency = new LatencyReport(
                    Ms(latency.ValueAtPercentile(50)),
                    Ms(latency.ValueAtPercentile(90)),
                    Ms(latency.ValueAtPercentile(99)),
                    Ms(latency.MaxValue),
                    Math.Round(latency.Mean / 1000.0, 3)),
                AnswerLatency = options.Mode == LoadMode.Chat ? Report(run.MergedAnswerLatency()) : null,
                ToolCpuPercent = Math.Round((cpuEnd - cpuStart).TotalSeconds / seconds * 100.0, 1),
                ToolRssMb = Mb(self.WorkingSet64),
                ToolAllocatedBytesPerOperation = completed == 0 ? 0 : Math.Round((double)allocated / completed, 1),
                ToolGen0Collections = gen0,
                ProcessorCount = Environment.ProcessorCount,
                Processes = processes,
                Windows = windows,
            };
        }

        private static LatencyReport Report(LatencyHistogram h) => new(
            Ms(h.ValueAtPercentile(50)), Ms(h.ValueAtPercentile(90)), Ms(h.ValueAtPercentile(99)), Ms(h.MaxValue), Math.Round(h.Mean / 1000.0, 3));

        /// <summary>Chat: every connection joins its room; a member that could not join is an error (its room has one copy fewer).</summary>
        private static async Task SubscribeAllAsync(LoadRun run, LoadConnection[] connections, LoadOptions options)
        {
            Progress(options, $"joining {connections.Length / options.RoomSize} rooms of {options.RoomSize}");
            var next = -1;
            var workers = new Task[Math.Min(options.ConnectParallelism, connections.Length)];
            for (var w = 0; w < workers.Length; w++)
            {
                workers[w] = Worker();
            }

            await Task.WhenAll(workers);

            async Task Worker()
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < connections.Length)
                {
                    if (!connections[i].Connected)
                    {
                        continue;
                    }

                    var code = await connections[i].SubscribeAsync(options.OperationTimeout);
                    if (code != 200)
                    {
                        run.Error(code == 0 ? "timeout (SUBSCRIBE)" : $"{code} to SUBSCRIBE");
                    }
                }
            }
        }

        private static long Completed(LoadConnection[] connections)
        {
            long completed = 0;
            foreach (var connection in connections)
            {
                completed += connection.CompletedMeasured;
            }

            return completed;
        }

        private static async Task ConnectAllAsync(LoadConnection[] connections, int parallelism)
        {
            var next = -1;
            var workers = new Task[Math.Min(parallelism, connections.Length)];
            for (var w = 0; w < workers.Length; w++)
            {
                workers[w] = Worker();
            }

            await Task.WhenAll(workers);

            async Task Worker()
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < connections.Length)
                {
                    await connections[i].ConnectAsync(ConnectTimeout);
                }
            }
        }

        private static async Task SweepAsync(LoadConnection[] connections, CancellationToken cancellationToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            try
            {
                while (await timer.WaitForNextTickAsync(cancellationToken))
                {
                    var now = Stopwatch.GetTimestamp();
                    foreach (var connection in connections)
                    {
                        connection.Sweep(now);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private static int InFlight(LoadConnection[] connections)
        {
            var active = 0;
            foreach (var connection in connections)
            {
                active += connection.Active;
            }

            return active;
        }

        private static double Ms(long microseconds) => Math.Round(microseconds / 1000.0, 3);

        private static double Mb(long bytes) => Math.Round(bytes / (1024.0 * 1024.0), 1);

        private static void Progress(LoadOptions options, string text)
        {
            // Progress goes to stderr so that stdout is only the report (text or JSON).
            _ = options;
            Console.Error.WriteLine($"[load] {text}");
        }
    }
}
