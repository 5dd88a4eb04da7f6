using Microsoft.Extensions.Logging;

namespace GoRtc.Samples.Conformance;

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Stack refused {Name} as expected ({Rejection})")]
    public static partial void LogRefused(this ILogger logger, string name, string rejection);
}
