using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using GoRtc.Gateway.Connections;
using Orleans.Runtime;

namespace GoRtc.Gateway.Rest.Runtime;

/// <summary>
/// <c>GET /runtime/v1/stack</c>: a readable dump of the cluster's silos, the gateways, and this process (memory,
/// thread pool, threads). The reference printed every goroutine's stack; .NET cannot walk other threads' managed
/// stacks from inside the process, so this lists the threads with their state and CPU time instead
/// (<c>dotnet-stack</c> or <c>dotnet-dump</c> give the stacks themselves).
/// </summary>
internal static class StackView
{
    public static async Task<IResult> GetAsync(HttpContext context, IGrainFactory grains, ConnectionTable connections, GatewayIdentity gateway)
    {
        // A cluster that cannot be asked is answered 503 by the API's error handler (UnexpectedErrorHandler).
        var silos = await CollectSilosAsync(grains.GetGrain<IManagementGrain>(0), context.RequestAborted);

        var hostsSilo = context.RequestServices.GetService<ILocalSiloDetails>() is not null;

        // Orleans has no public API that names the clients connected to a silo (its client directory is internal),
        // so the gateways are this one, by identity, and the number of clients each silo reports.
        var gateways = new GatewaysEntry(
            new GatewayEntry(gateway.Id, connections.Count, hostsSilo),
            silos.Sum(s => s.Clients ?? 0),
            "Orleans does not name the clients connected to a silo: this gateway is listed, the others are counted per silo.");
        var report = new StackReport(silos, gateways, CollectProcess());
        return RuntimeEndpoints.WantsText(context)
            ? RuntimeEndpoints.Text(ToText(report))
            : Results.Json(report, RestJsonContext.Default.StackReport);
    }

    private static async Task<IReadOnlyList<SiloEntry>> CollectSilosAsync(IManagementGrain management, CancellationToken cancellationToken)
    {
        var hosts = (await management.GetDetailedHosts(onlyActive: false).WaitAsync(cancellationToken))
            .Where(h => h.Status != SiloStatus.Dead)
            .OrderBy(h => h.SiloName, StringComparer.Ordinal)
            .ThenBy(h => h.SiloAddress.ToParsableString(), StringComparer.Ordinal)
            .ToArray();
        var active = hosts.Where(h => h.Status == SiloStatus.Active).Select(h => h.SiloAddress).ToArray();
        SiloRuntimeStatistics[] statistics = [];
        if (active.Length > 0)
        {
            // Answers come in the order asked.
            statistics = await management.GetRuntimeStatistics(active).WaitAsync(cancellationToken);
        }

        return [.. hosts.Select(h =>
        {
            var i = Array.IndexOf(active, h.SiloAddress);
            var s = i >= 0 && i < statistics.Length ? statistics[i] : null;
            return new SiloEntry(
                h.SiloAddress.ToParsableString(), h.SiloName, h.HostName, h.Status.ToString(),
                new DateTimeOffset(DateTime.SpecifyKind(h.StartTime, DateTimeKind.Utc)),
                new DateTimeOffset(DateTime.SpecifyKind(h.IAmAliveTime, DateTimeKind.Utc)),
                s?.ActivationCount, s?.ClientCount, s?.EnvironmentStatistics.FilteredCpuUsagePercentage, s?.EnvironmentStatistics.FilteredMemoryUsageBytes);
        })];
    }

    private static ProcessEntry CollectProcess()
    {
        using var process = Process.GetCurrentProcess();
        var startTime = new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        var gc = GC.GetGCMemoryInfo();
        var threads = new List<ThreadEntry>();
        foreach (ProcessThread thread in process.Threads)
        {
            using (thread)
            {
                try
                {
                    var state = thread.ThreadState;
                    threads.Add(new ThreadEntry(
                        thread.Id,
                        ThreadName(thread.Id),
                        state.ToString(),
                        state == System.Diagnostics.ThreadState.Wait ? thread.WaitReason.ToString() : null,
                        thread.TotalProcessorTime.TotalMilliseconds));
                }
                catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
                {
                    // The thread ended while being read, or the platform does not report this field.
                    threads.Add(new ThreadEntry(thread.Id, ThreadName(thread.Id), "Unknown", null, null));
                }
            }
        }

        return new ProcessEntry(
            Environment.ProcessId,
            process.ProcessName,
            typeof(StackView).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
            RuntimeInformation.FrameworkDescription,
            startTime,
            (TimeProvider.System.GetUtcNow() - startTime).TotalSeconds,
            new GcEntry(GC.GetTotalMemory(forceFullCollection: false), gc.HeapSizeBytes, gc.TotalCommittedBytes, GC.GetTotalAllocatedBytes(), [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)]),
            process.WorkingSet64,
            threads.Count,
            new ThreadPoolEntry(ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount, ThreadPool.CompletedWorkItemCount),
            threads);
    }

    /// <summary>The thread's name as the OS knows it (Linux only; .NET names its threads, e.g. ".NET TP Worker").</summary>
    private static string? ThreadName(int threadId)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return File.ReadAllText($"/proc/self/task/{threadId.ToString(CultureInfo.InvariantCulture)}/comm").TrimEnd('\n');
        }
        catch (IOException)
        {
            return null; // the thread has ended
        }
    }

    private static string ToText(StackReport report)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append("!!!!! silos: ").Append(report.Silos.Count).Append('\n');
        foreach (var silo in report.Silos)
        {
            text.Append(c, $"\t{silo.Address}\t{silo.Name}\t{silo.Status}\tstarted {silo.StartTime:O}");
            if (silo.Activations is not null)
            {
                text.Append(c, $"\tactivations={silo.Activations} clients={silo.Clients} cpu={silo.CpuUsage:0.#}% memory={silo.MemoryUsage}");
            }

            text.Append('\n');
        }

        var gateway = report.Gateways.ThisGateway;
        text.Append("!!!!! gateways\n")
            .Append(c, $"\tthis gateway {gateway.Id}: {gateway.Connections} connections, hosts a silo: {(gateway.HostsSilo ? "yes" : "no")}\n")
            .Append(c, $"\tclients connected to silos: {report.Gateways.ClientsConnectedToSilos}\n")
            .Append('\t').Append(report.Gateways.Note).Append('\n');

        var p = report.Process;
        text.Append(c, $"!!!!! process {p.Pid} {p.Name}, version {p.Version}, {p.Runtime}\n")
            .Append(c, $"\tstarted {p.StartTime:O}, uptime {TimeSpan.FromSeconds(Math.Floor(p.UptimeSeconds))}\n")
            .Append(c, $"\tgc heap {p.Gc.HeapBytes} bytes in use, {p.Gc.HeapSizeBytes} heap, {p.Gc.CommittedBytes} committed, {p.Gc.AllocatedBytes} allocated, collections gen0={p.Gc.Collections[0]} gen1={p.Gc.Collections[1]} gen2={p.Gc.Collections[2]}\n")
            .Append(c, $"\tworking set {p.WorkingSetBytes} bytes\n")
            .Append(c, $"\tthread pool: {p.ThreadPool.Threads} threads, {p.ThreadPool.PendingWorkItems} pending work items, {p.ThreadPool.CompletedWorkItems} completed\n");
        text.Append("!!!!! threads: ").Append(p.ThreadCount).Append('\n');
        foreach (var thread in p.Threads)
        {
            text.Append(c, $"\t{thread.Id}\t{thread.Name ?? "-"}\t{thread.State}\t{thread.WaitReason ?? "-"}\tcpu {thread.CpuTimeMs:0} ms\n");
        }

        return text.ToString();
    }
}

/// <summary>The stack view in JSON.</summary>
internal sealed record StackReport(IReadOnlyList<SiloEntry> Silos, GatewaysEntry Gateways, ProcessEntry Process);

/// <summary>A silo known to the cluster's membership (dead ones left out); its figures if it is active.</summary>
internal sealed record SiloEntry(
    string Address,
    string Name,
    string HostName,
    string Status,
    DateTimeOffset StartTime,
    DateTimeOffset IAmAliveTime,
    int? Activations,
    long? Clients,
    float? CpuUsage,
    long? MemoryUsage);

/// <summary>The gateways: this one by identity, the others only as a count of clients connected to the silos.</summary>
internal sealed record GatewaysEntry(GatewayEntry ThisGateway, long ClientsConnectedToSilos, string Note);

internal sealed record GatewayEntry(Guid Id, int Connections, bool HostsSilo);

/// <summary>The process serving this request.</summary>
internal sealed record ProcessEntry(
    int Pid,
    string Name,
    string? Version,
    string Runtime,
    DateTimeOffset StartTime,
    double UptimeSeconds,
    GcEntry Gc,
    long WorkingSetBytes,
    int ThreadCount,
    ThreadPoolEntry ThreadPool,
    IReadOnlyList<ThreadEntry> Threads);

/// <param name="HeapBytes">Bytes in use on the managed heap now.</param>
/// <param name="HeapSizeBytes">Heap size at the last collection.</param>
/// <param name="CommittedBytes">Memory committed by the GC at the last collection.</param>
/// <param name="AllocatedBytes">Bytes allocated since the process started.</param>
/// <param name="Collections">Collections so far, generation 0, 1 and 2.</param>
internal sealed record GcEntry(long HeapBytes, long HeapSizeBytes, long CommittedBytes, long AllocatedBytes, int[] Collections);

internal sealed record ThreadPoolEntry(int Threads, long PendingWorkItems, long CompletedWorkItems);

/// <summary>An operating-system thread of this process; the wait reason only while it waits.</summary>
internal sealed record ThreadEntry(int Id, string? Name, string State, string? WaitReason, double? CpuTimeMs);
