using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace GoRtc.Silo.Hosting;

/// <summary>
/// The reference's signal contract (spec §7.2): SIGINT and SIGQUIT stop gracefully (bounded by the host's shutdown
/// timeout, 5 s), SIGTERM stops at once.
/// </summary>
public sealed partial class ProcessSignals : IDisposable
{
    private readonly PosixSignalRegistration _quit;
    private readonly PosixSignalRegistration _term;

    public ProcessSignals(IHostApplicationLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        _quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, context =>
        {
            context.Cancel = true;
            lifetime.StopApplication();
        });
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            // Environment.Exit would run the host's graceful shutdown (it waits in ProcessExit): leave at once.
            context.Cancel = true;
            Native.Exit(0);
        });
    }

    public void Dispose()
    {
        _quit.Dispose();
        _term.Dispose();
    }
}

internal static partial class Native
{
    [LibraryImport("libc", EntryPoint = "_exit")]
    internal static partial void Exit(int status);
}
