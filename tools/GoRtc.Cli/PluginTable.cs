using System.Globalization;
using System.Text;

namespace GoRtc.Cli;

/// <summary>How <c>plugin ls</c> and <c>api ls</c> show what is loaded.</summary>
internal static class PluginTable
{
    /// <summary>How much of the SHA-256 to show: enough to tell uploads apart, short enough for one line.</summary>
    public const int ShortHashLength = 12;

    private const string Missing = "-";

    /// <summary>
    /// NAME VERSION CURRENT [BUILTIN] USED USING FILE SHA256 SILOS, one row per loaded version (APIs add BUILTIN),
    /// then one line per silo that failed to load a version.
    /// </summary>
    public static string Render(PluginKind kind, IReadOnlyList<PluginInfo> plugins)
    {
        List<TextColumn> columns = [new("NAME"), new("VERSION"), new("CURRENT")];
        if (kind.HasBuiltIn)
        {
            columns.Add(new("BUILTIN"));
        }

        columns.AddRange([new("USED", AlignRight: true), new("USING", AlignRight: true), new("FILE"), new("SHA256"), new("SILOS")]);
        var table = new TextTable(columns);
        foreach (var plugin in plugins)
        {
            List<string> cells = [plugin.Name, plugin.Version ?? Missing, YesNo(plugin.Current)];
            if (kind.HasBuiltIn)
            {
                cells.Add(YesNo(plugin.BuiltIn ?? false));
            }

            cells.AddRange(
            [
                plugin.InstancesCreated.ToString(CultureInfo.InvariantCulture),
                plugin.InstancesAlive.ToString(CultureInfo.InvariantCulture),
                plugin.File ?? Missing,
                ShortHash(plugin.Sha256),
                plugin.Silos is { Count: > 0 } silos ? string.Join(",", silos) : Missing,
            ]);
            table.AddRow(cells);
        }

        var text = new StringBuilder(table.Render());
        foreach (var plugin in plugins)
        {
            foreach (var error in plugin.Errors ?? [])
            {
                text.Append(CultureInfo.InvariantCulture, $"{kind.Noun} {plugin.Name} version {plugin.Version ?? Missing} failed on silo {error.Silo ?? "?"}: {error.Error}")
                    .Append(Environment.NewLine);
            }
        }

        return text.ToString();
    }

    /// <summary>The first <see cref="ShortHashLength"/> hex digits, as <c>git log --oneline</c> shortens commits.</summary>
    public static string ShortHash(string? sha256) =>
        string.IsNullOrEmpty(sha256) ? Missing : sha256.Length <= ShortHashLength ? sha256 : sha256[..ShortHashLength];

    private static string YesNo(bool value) => value ? "yes" : "no";
}
