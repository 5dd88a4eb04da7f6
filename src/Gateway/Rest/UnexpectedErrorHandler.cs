using GoRtc.Gateway.Hosting;
using Microsoft.AspNetCore.Diagnostics;

namespace GoRtc.Gateway.Rest;

/// <summary>
/// The answer to a management call that failed in a way its endpoint did not foresee: never an empty 500, but a
/// problem (or a text line, as <see cref="Problems"/> answers) that says what the caller can do — 503 with a
/// <c>Retry-After</c> when the cluster could not be asked (it is changing: a silo died or restarted; or a silo failed the
/// call), 500 when the fault is the gateway's own, which the log records in full. The runtime views rely on it too.
/// </summary>
internal sealed partial class UnexpectedErrorHandler : IExceptionHandler
{
    public const string UnavailableDetail = "The cluster did not answer in time (a silo may be starting or stopping); try again";
    public const string FailedDetail = "Internal error; the gateway's log has the details";

    private readonly IProblemDetailsService _problems;
    private readonly ILogger<UnexpectedErrorHandler> _logger;

    public UnexpectedErrorHandler(IProblemDetailsService problems, ILogger<UnexpectedErrorHandler> logger)
    {
        _problems = problems;
        _logger = logger;
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var clusterFault = ClusterFailures.IsClusterFault(exception);
        var (status, detail) = clusterFault
            ? (StatusCodes.Status503ServiceUnavailable, UnavailableDetail)
            : (StatusCodes.Status500InternalServerError, FailedDetail);
        LogFailed(exception, httpContext.Request.Method, httpContext.Request.Path.Value ?? "/", status);

        httpContext.Response.StatusCode = status;
        if (clusterFault)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        if (Problems.WantsText(httpContext))
        {
            httpContext.Response.ContentType = "text/plain; charset=utf-8";
            await httpContext.Response.WriteAsync(detail + "\n", cancellationToken);
            return true;
        }

        return await _problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed; answered {Status}")]
    private partial void LogFailed(Exception exception, string method, string path, int status);
}
