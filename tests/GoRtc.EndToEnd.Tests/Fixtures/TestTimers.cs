namespace GoRtc.EndToEnd.Tests.Fixtures;

/// <summary>
/// Short JSIP timers for the end-to-end runs, so the reference scripts' timeouts take seconds, not minutes.
/// The reference scripts assume the reference's test SLP; its hard-coded 60 s Expire and 30 s pause are settings of
/// the conformance SLP here.
/// </summary>
internal static class TestTimers
{
    public static readonly TimeSpan TransactionTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan ProvisionalTimeout = TimeSpan.FromSeconds(3);

    public static Dictionary<string, string?> Environment() => new()
    {
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Logging__LogLevel__Default"] = "Information",
        ["Logging__LogLevel__GoRtc"] = System.Environment.GetEnvironmentVariable("GORTC_TEST_LOGLEVEL") ?? "Information",
        ["Jsip__TransactionTimeout"] = TransactionTimeout.ToString(),
        ["Jsip__ProvisionalTimeout"] = ProvisionalTimeout.ToString(),
        ["Plugins__Slps__default__File"] = "GoRtc.Samples.Conformance.dll",
        // Send_INVITE: refresh UPDATE every 2 s, BYE 3 s after the ACK (between the first and second refresh).
        ["Plugins__Slps__default__Settings__SendInviteExpire"] = "6",
        ["Plugins__Slps__default__Settings__ByeDelay"] = "3",
        // Send_INVITE_Session_Timeout: UPDATEs at 1, 2, 3 s, BYE at 4 s.
        ["Plugins__Slps__default__Settings__SessionTimeoutExpire"] = "3",
        ["Plugins__Slps__relay__File"] = "GoRtc.Samples.Relay.dll",
        ["Plugins__Slps__call__File"] = "GoRtc.Services.Call.dll",
        ["Plugins__Slps__chatroom__File"] = "GoRtc.Services.Chatroom.dll",
        ["Plugins__Apis__chatroom.v1__File"] = "GoRtc.Services.Chatroom.dll",
        // A test-only plugin, loaded by absolute path from its own build output.
        ["Plugins__Slps__probe__File"] = GoRtc.Testing.RepoPaths.BuiltAssembly("tests/GoRtc.TestSlps", "GoRtc.TestSlps"),
        ["Plugins__Slps__probe__Settings__Greeting"] = "hello from settings",
    };
}
