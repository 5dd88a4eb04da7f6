using System.Collections.Frozen;

namespace GoRtc.Jsip;

/// <summary>Response classes and the <c>Desc</c> text that is written on every response sent.</summary>
public static class JsipStatus
{
    private static readonly FrozenDictionary<int, string> Descriptions = new Dictionary<int, string>
    {
        [100] = "Trying",
        [180] = "Ringing",
        [181] = "Call Is Being Forwarded",
        [182] = "Queued",
        [183] = "Session Progress",
        [200] = "OK",
        [202] = "Accepted",
        [300] = "Multiple Choices",
        [301] = "Moved Permanently",
        [302] = "Moved Temporarily",
        [305] = "Use Proxy",
        [380] = "Alternative Service",
        [400] = "Bad Request",
        [401] = "Unauthorized",
        [402] = "Payment Required",
        [403] = "Forbidden",
        [404] = "Not Found",
        [405] = "Method Not Allowed",
        [406] = "Not Acceptable",
        [407] = "Proxy Authentication Required",
        [408] = "Request Timeout",
        [410] = "Gone",
        [413] = "Request Entity Too Large",
        [414] = "Request-URI Too Large",
        [415] = "Unsupported Media Type",
        [416] = "Unsupported URI Scheme",
        [420] = "Bad Extension",
        [421] = "Extension Required",
        [423] = "Interval Too Brief",
        [480] = "Temporarily not available",
        [481] = "Call Leg/Transaction Does Not Exist",
        [482] = "Loop Detected",
        [483] = "Too Many Hops",
        [484] = "Address Incomplete",
        [485] = "Ambiguous",
        [486] = "Busy Here",
        [487] = "Request Terminated",
        [488] = "Not Acceptable Here",
        [491] = "Request Pending",
        [493] = "Undecipherable",
        [500] = "Internal Server Error",
        [501] = "Not Implemented",
        [502] = "Bad Gateway",
        [503] = "Service Unavailable",
        [504] = "Server Time-out",
        [505] = "SIP Version not supported",
        [513] = "Message Too Large",
        [600] = "Busy Everywhere",
        [603] = "Decline",
        [604] = "Does not exist anywhere",
        [606] = "Not Acceptable",
    }.ToFrozenDictionary();

    /// <summary>100..699.</summary>
    public static bool IsValidResponseCode(int code) => code is >= 100 and <= 699;

    public static bool IsProvisional(int code) => code is >= 100 and <= 199;

    public static bool IsFinal(int code) => code is >= 200 and <= 699;

    public static bool IsSuccess(int code) => code is >= 200 and <= 299;

    /// <summary>3xx..6xx.</summary>
    public static bool IsError(int code) => code is >= 300 and <= 699;

    /// <summary>The <c>Desc</c> for a code: the table text, else the reference's per-class text.</summary>
    public static string GetDescription(int code)
    {
        if (Descriptions.TryGetValue(code, out var text))
        {
            return text;
        }

        return code switch
        {
            >= 100 and <= 199 => "User Defined Provisional Response",
            >= 200 and <= 299 => "User Defined Success Response",
            >= 300 and <= 399 => "User Defined Redirection Response",
            >= 400 and <= 499 => "User Defined Client Error Response",
            >= 500 and <= 599 => "User Defined Server Error Response",
            >= 600 and <= 699 => "User Defined Global Failure Response",
            _ => throw new ArgumentOutOfRangeException(nameof(code), code, "A response code is 100..699."),
        };
    }
}
