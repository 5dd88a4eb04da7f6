namespace GoRtc.Silo.Plugins;

/// <summary>Plugin bytes that cannot become a loaded plugin; the message says why, for the uploader.</summary>
internal sealed class PluginLoadException : Exception
{
    public PluginLoadException(string message)
        : base(message)
    {
    }

    public PluginLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
