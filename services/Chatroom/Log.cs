using Microsoft.Extensions.Logging;

namespace GoRtc.Services.Chatroom;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {Room}: {Member} {Outcome}")]
    public static partial void LogSubscribed(this ILogger logger, string room, string member, SubscribeOutcome outcome);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {Room}: delivery to {Member} timed out; sending it again (attempt {Attempt})")]
    public static partial void LogRedelivering(this ILogger logger, string room, string member, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Room {Room}: delivery to {Member} given up after {Attempts} attempts")]
    public static partial void LogDeliveryGivenUp(this ILogger logger, string room, string member, int attempts);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Room {Room}: delivery to {Member} refused by the stack ({Rejection})")]
    public static partial void LogDeliveryRefused(this ILogger logger, string room, string member, string rejection);
}
