using System.Diagnostics.CodeAnalysis;

namespace GoRtc.Jsip;

/// <summary>Wire names of <see cref="JsipMethod"/> and the families the stack routes them by.</summary>
public static class JsipMethods
{
    /// <summary>The wire value of <c>Type</c> for every response.</summary>
    public const string ResponseTypeName = "RESPONSE";

    private static readonly string[] Names =
    [
        "", "INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "INFO", "UPDATE", "PRACK", "SUBSCRIBE", "MESSAGE", "NOTIFY",
    ];

    /// <summary>The upper-case wire name, e.g. <c>INVITE</c>; empty for <see cref="JsipMethod.None"/>.</summary>
    public static string ToWireName(this JsipMethod method) => Names[(int)method];

    /// <summary>Parses an exact, upper-case wire name. <c>RESPONSE</c> and <c>TERM</c> are not methods.</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out JsipMethod method)
    {
        for (var i = 1; i < Names.Length; i++)
        {
            if (name.SequenceEqual(Names[i]))
            {
                method = (JsipMethod)i;
                return true;
            }
        }

        method = JsipMethod.None;
        return false;
    }

    /// <summary>Parses an exact, upper-case wire name given as UTF-8.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Name, out JsipMethod method)
    {
        Span<char> chars = stackalloc char[16];
        if (utf8Name.Length > chars.Length)
        {
            method = JsipMethod.None;
            return false;
        }

        for (var i = 0; i < utf8Name.Length; i++)
        {
            chars[i] = (char)utf8Name[i];
        }

        return TryParse(chars[..utf8Name.Length], out method);
    }

    /// <summary>
    /// INVITE, ACK, BYE, CANCEL, INFO, UPDATE and PRACK: the methods that pass the session layer.
    /// </summary>
    public static bool IsInviteFamily(this JsipMethod method) => method is JsipMethod.Invite or JsipMethod.Ack
        or JsipMethod.Bye or JsipMethod.Cancel or JsipMethod.Info or JsipMethod.Update or JsipMethod.Prack;

    /// <summary>Requests that may open a new dialogue and start a new SLP instance.</summary>
    public static bool CanStartDialogue(this JsipMethod method) => method is JsipMethod.Invite or JsipMethod.Register
        or JsipMethod.Options or JsipMethod.Message or JsipMethod.Subscribe;

    /// <summary>Returns the method for a wire name or throws.</summary>
    public static JsipMethod Parse(string name) =>
        TryParse(name, out var m) ? m : throw new ArgumentException($"Unknown JSIP method '{name}'.", nameof(name));

    /// <summary>Returns true and the method when <paramref name="name"/> is a JSIP method name.</summary>
    public static bool TryParse([NotNullWhen(true)] string? name, out JsipMethod method)
    {
        if (name is null)
        {
            method = JsipMethod.None;
            return false;
        }

        return TryParse(name.AsSpan(), out method);
    }
}
