using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace GoRtc.Jsip;

/// <summary>
/// A JSIP URI, <c>[user@]host[:port][;key[=value]]*</c>, as used in <c>Router</c> entries (and, by convention, in
/// Request-URI, From and To, which the stack does not parse). The syntax and the error texts are the reference's:
/// <list type="bullet">
/// <item>the whole text is whitespace-trimmed; empty → <c>Null uri</c>;</item>
/// <item>everything after the first <c>;</c> is split on <c>;</c>; each piece is trimmed, blank pieces are skipped,
/// the rest is <c>key</c> or <c>key=value</c> split at the first <c>=</c>; a later duplicate key overwrites;</item>
/// <item>the part before the first <c>;</c> holds at most one <c>@</c> (else <c>Error hostpart</c>); the user is what
/// precedes it and may contain <c>:</c> (<c>room:test1@gortc.com</c>);</item>
/// <item>the host part is trimmed and split at its first <c>:</c>; the port is a decimal integer (<c>Port not int</c>)
/// in 0..65535 (<c>Invalid port</c>); an empty host part is <c>Null hostport</c>.</item>
/// </list>
/// Unlike the reference, an empty host before a port (<c>:5060</c>) is refused too (<c>Null hostport</c>). IPv6
/// literals are not supported. Instances are immutable.
/// </summary>
public sealed class JsipUri
{
    private static readonly ReadOnlyDictionary<string, string> NoParameters = new(new Dictionary<string, string>(StringComparer.Ordinal));

    private readonly string[] _parameterOrder;

    private JsipUri(string? user, string host, int? port, ReadOnlyDictionary<string, string> parameters, string[] parameterOrder)
    {
        User = user;
        Host = host;
        Port = port;
        Parameters = parameters;
        _parameterOrder = parameterOrder;
    }

    /// <summary>The user part (before <c>@</c>), or null when there is none. It may contain <c>:</c>.</summary>
    public string? User { get; }

    /// <summary>The host (never empty).</summary>
    public string Host { get; }

    /// <summary>The port when one is given (0..65535).</summary>
    public int? Port { get; }

    /// <summary>The parameters by key (ordinal); a key-only parameter maps to the empty string.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary><c>user@host</c>, or <c>host</c> when there is no user: the connection name used for routing.</summary>
    public string UserHost => User is null ? Host : $"{User}@{Host}";

    /// <summary><c>host[:port]</c>.</summary>
    public string HostPort => Port is { } port ? $"{Host}:{port.ToString(CultureInfo.InvariantCulture)}" : Host;

    /// <summary>Parses a URI or throws <see cref="FormatException"/> with the reference's error text.</summary>
    public static JsipUri Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var uri, out var error) ? uri : throw new FormatException($"Invalid JSIP URI '{text}': {error}.");
    }

    /// <summary>Parses a URI.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out JsipUri? uri) => TryParse(text, out uri, out _);

    /// <summary>Parses a URI; on failure <paramref name="error"/> is the reference's error text (e.g. <c>Port not int</c>).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out JsipUri? uri, [NotNullWhen(false)] out string? error)
    {
        uri = null;
        error = Split(text.AsSpan(), out var userPart, out var hostPart, out var hasUser, out var port, out var parameterText);
        if (error is not null)
        {
            return false;
        }

        var parameters = NoParameters;
        var order = Array.Empty<string>();
        if (!parameterText.IsEmpty)
        {
            ParseParameters(parameterText, out parameters, out order);
        }

        uri = new JsipUri(hasUser && !userPart.IsEmpty ? userPart.ToString() : null, hostPart.ToString(), port, parameters, order);
        return true;
    }

    /// <summary>Checks the syntax without allocating: null when valid, else the error text.</summary>
    internal static string? Validate(ReadOnlySpan<char> text) => Split(text, out _, out _, out _, out _, out _);

    /// <summary>A parameter's value (<c>""</c> for a key-only parameter), or null when absent.</summary>
    public string? GetParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Parameters.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>
    /// The canonical text: <c>[user@]host[:port]</c> then <c>;key</c> or <c>;key=value</c> for each distinct key in
    /// order of first appearance, with its last value.
    /// </summary>
    public override string ToString()
    {
        if (_parameterOrder.Length == 0 && Port is null)
        {
            return UserHost;
        }

        var sb = new StringBuilder(64);
        if (User is not null)
        {
            sb.Append(User).Append('@');
        }

        sb.Append(Host);
        if (Port is { } port)
        {
            sb.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var key in _parameterOrder)
        {
            sb.Append(';').Append(key);
            var value = Parameters[key];
            if (value.Length > 0)
            {
                sb.Append('=').Append(value);
            }
        }

        return sb.ToString();
    }

    private static string? Split(
        ReadOnlySpan<char> text,
        out ReadOnlySpan<char> user,
        out ReadOnlySpan<char> host,
        out bool hasUser,
        out int? port,
        out ReadOnlySpan<char> parameterText)
    {
        user = default;
        host = default;
        hasUser = false;
        port = null;
        parameterText = default;

        text = text.Trim();
        if (text.IsEmpty)
        {
            return "Null uri";
        }

        var hostPart = text;
        var semicolon = text.IndexOf(';');
        if (semicolon >= 0)
        {
            hostPart = text[..semicolon];
            parameterText = text[(semicolon + 1)..];
        }

        var at = hostPart.IndexOf('@');
        if (at >= 0)
        {
            if (hostPart[(at + 1)..].Contains('@'))
            {
                return "Error hostpart";
            }

            hasUser = true;
            user = hostPart[..at];
            hostPart = hostPart[(at + 1)..];
        }

        hostPart = hostPart.Trim();
        if (hostPart.IsEmpty)
        {
            return "Null hostport";
        }

        var colon = hostPart.IndexOf(':');
        if (colon < 0)
        {
            host = hostPart;
            return null;
        }

        host = hostPart[..colon];
        var portText = hostPart[(colon + 1)..];
        if (host.IsEmpty)
        {
            return "Null hostport";
        }

        // As Go's strconv.Atoi: optional sign, ASCII digits, no blanks; out of range of a 64-bit integer is "not int".
        if (!long.TryParse(portText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return "Port not int";
        }

        if (value is < 0 or > 65535)
        {
            return "Invalid port";
        }

        port = (int)value;
        return null;
    }

    private static void ParseParameters(ReadOnlySpan<char> text, out ReadOnlyDictionary<string, string> parameters, out string[] order)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (var range in text.Split(';'))
        {
            var piece = text[range].Trim();
            if (piece.IsEmpty)
            {
                continue;
            }

            var eq = piece.IndexOf('=');
            var key = (eq < 0 ? piece : piece[..eq]).ToString();
            var value = eq < 0 ? string.Empty : piece[(eq + 1)..].ToString();
            if (!map.ContainsKey(key))
            {
                keys.Add(key);
            }

            map[key] = value;
        }

        parameters = keys.Count == 0 ? NoParameters : new ReadOnlyDictionary<string, string>(map);
        order = [.. keys];
    }
}
