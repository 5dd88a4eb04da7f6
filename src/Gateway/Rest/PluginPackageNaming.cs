using GoRtc.Silo.Plugins;

namespace GoRtc.Gateway.Rest;

/// <summary>The file name an upload is recorded under when the client names none.</summary>
internal static class PluginPackageNaming
{
    public static string DefaultFileName(string name, ReadOnlySpan<byte> content) =>
        name + (PluginPackageLoader.IsZip(content) ? ".zip" : ".dll");
}
