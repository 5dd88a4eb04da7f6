namespace GoRtc.Silo.Plugins;

/// <summary>How a stored plugin version got into the store.</summary>
public enum PluginOrigin
{
    /// <summary>Uploaded over REST by an operator.</summary>
    Upload,

    /// <summary>Seeded from appsettings at start-up; a later start with a changed bundled file replaces it.</summary>
    Configuration,
}
