using System.Text.RegularExpressions;

namespace GoRtc.Cli;

/// <summary>
/// The names the server accepts, checked before anything is built so a typo costs nothing. The patterns are the
/// server's (<c>^\w+$</c> for SLPs, <c>^\w+\.v[1-9]\d*$</c> for APIs), anchored with <c>\A…\z</c> because
/// <c>$</c> would also accept a name with a trailing newline.
/// </summary>
internal static partial class PluginNames
{
    public static bool IsValidSlpName(string name) => SlpName().IsMatch(name);

    public static bool IsValidApiName(string name) => ApiName().IsMatch(name);

    [GeneratedRegex(@"\A\w+\z", RegexOptions.CultureInvariant)]
    private static partial Regex SlpName();

    [GeneratedRegex(@"\A\w+\.v[1-9]\d*\z", RegexOptions.CultureInvariant)]
    private static partial Regex ApiName();
}
