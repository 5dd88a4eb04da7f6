using System.Collections.Concurrent;
using System.Diagnostics;

namespace GoRtc.Testing;

/// <summary>
/// The process-wide list of child processes started by the fixtures, killed (with their whole tree) when the test
/// process exits normally, so an undisposed fixture never leaks a server. This is the only static mutable state of
/// the library besides <see cref="FreePort"/>'s record of handed-out ports.
/// </summary>
internal static class ChildProcessTracker
{
    private static readonly ConcurrentDictionary<int, Process> Children = new();

    static ChildProcessTracker()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    public static void Register(Process process) => Children[process.Id] = process;

    public static void Unregister(Process process) => Children.TryRemove(process.Id, out _);

    public static bool IsTracked(int pid) => Children.ContainsKey(pid);

    private static void KillAll()
    {
        foreach (var (_, process) in Children)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
            {
                // Already gone.
            }
        }

        Children.Clear();
    }
}
