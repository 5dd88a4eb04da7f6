namespace GoRtc.Cli;

/// <summary>What <c>gortc</c> returns, so scripts can tell a typo from a refused upload from a missing token.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The build, the packaging or the server failed (the reason is on stderr).</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong; nothing was built or sent.</summary>
    public const int Usage = 2;

    /// <summary>The server refused the credentials (401 or 403).</summary>
    public const int Unauthorized = 3;

    /// <summary>Interrupted with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
