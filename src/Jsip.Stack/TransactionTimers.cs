namespace GoRtc.Jsip.Stack;

/// <summary>
/// How long a transaction lives without a final response (spec §2.4): INVITE 2×prtimer, reset by every 1xx;
/// every other request transtimer, then prtimer once a 1xx has been seen. ACK never has a transaction.
/// </summary>
internal static class TransactionTimers
{
    public static TimeSpan Initial(JsipMethod method, StackOptions options) =>
        method == JsipMethod.Invite ? options.ProvisionalTimeout * 2 : options.TransactionTimeout;

    public static TimeSpan AfterProvisional(JsipMethod method, StackOptions options) =>
        method == JsipMethod.Invite ? options.ProvisionalTimeout * 2 : options.ProvisionalTimeout;
}
