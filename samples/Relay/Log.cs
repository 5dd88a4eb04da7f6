using Microsoft.Extensions.Logging;

namespace GoRtc.Samples.Relay;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Relay of {Name} refused by the stack ({Rejection})")]
    public static partial void LogRelayRefused(this ILogger logger, string name, string rejection);
}
