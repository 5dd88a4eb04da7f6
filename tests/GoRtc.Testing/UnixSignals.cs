namespace GoRtc.Testing;

/// <summary>Linux signal numbers for <see cref="ServerProcess.SendSignal"/>.</summary>
public static class UnixSignals
{
    /// <summary>Hang-up (reload in the reference).</summary>
    public const int SIGHUP = 1;

    /// <summary>Interrupt (Ctrl+C).</summary>
    public const int SIGINT = 2;

    /// <summary>Quit.</summary>
    public const int SIGQUIT = 3;

    /// <summary>Kill (cannot be caught).</summary>
    public const int SIGKILL = 9;

    /// <summary>User-defined 1.</summary>
    public const int SIGUSR1 = 10;

    /// <summary>User-defined 2.</summary>
    public const int SIGUSR2 = 12;

    /// <summary>Terminate (graceful stop).</summary>
    public const int SIGTERM = 15;
}
