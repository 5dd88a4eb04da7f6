using Microsoft.Extensions.Logging;

namespace GoRtc.Services.Call;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Call {Caller} → {Callee}: caller leg {CallerLeg}, callee leg {CalleeLeg}")]
    public static partial void LogCallPlaced(this ILogger logger, string caller, string callee, string callerLeg, string calleeLeg);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Call on {DialogueId} refused with {Code}: {Reason}")]
    public static partial void LogCallRefused(this ILogger logger, string dialogueId, int code, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Name} on {DialogueId} not sent: {Rejection} ({Detail})")]
    public static partial void LogSendRefused(this ILogger logger, string name, string dialogueId, string rejection, string detail);
}
