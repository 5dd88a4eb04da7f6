using System.Text.RegularExpressions;

namespace GoRtc.Silo.Plugins;

/// <summary>
/// What a plugin name and a plugin file name may be. SLP names are words (<c>^\w+$</c>, ASCII), API names
/// <c>&lt;word&gt;.v&lt;N&gt;</c>; the reference did not validate them at all.
/// </summary>
public static partial class PluginNames
{
    public const int MaxLength = 64;

    /// <summary>APIs the server itself provides; they can be neither replaced nor deleted.</summary>
    public static readonly IReadOnlySet<string> BuiltInApis = new HashSet<string>(["runtime.v1", "slpm.v1", "apim.v1"], StringComparer.Ordinal);

    /// <summary>Null when <paramref name="name"/> is a valid name of <paramref name="kind"/>, else the reason.</summary>
    public static string? Validate(PluginKind kind, string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return $"a plugin name has 1 to {MaxLength} characters";
        }

        return kind == PluginKind.Slp
            ? SlpName().IsMatch(name) ? null : $"'{name}' is not a valid SLP name: letters, digits and '_' only"
            : ApiName().IsMatch(name) ? null : $"'{name}' is not a valid API name: <name>.v<N>, e.g. chatroom.v1";
    }

    /// <summary>Null when <paramref name="file"/> is a plain file name (no folder, no '..'), else the reason.</summary>
    public static string? ValidateFile(string? file)
    {
        if (string.IsNullOrEmpty(file) || file.Length > 128)
        {
            return "a plugin file name has 1 to 128 characters";
        }

        return FileName().IsMatch(file) && file != "." && file != ".."
            ? null
            : $"'{file}' is not a plain file name (letters, digits, '.', '-', '_'; no folders)";
    }

    [GeneratedRegex(@"^[A-Za-z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SlpName();

    [GeneratedRegex(@"^[A-Za-z0-9_]+\.v[1-9][0-9]{0,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex ApiName();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();
}
