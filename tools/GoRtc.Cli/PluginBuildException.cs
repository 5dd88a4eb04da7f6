namespace GoRtc.Cli;

/// <summary>The plugin could not be found, built or packaged; the message says which and what to do.</summary>
internal sealed class PluginBuildException : Exception
{
    public PluginBuildException(string message)
        : base(message)
    {
    }

    public PluginBuildException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PluginBuildException()
    {
    }
}
