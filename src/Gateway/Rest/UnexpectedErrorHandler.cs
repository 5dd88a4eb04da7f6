using GoRtc.Gateway.Hosting;
using Microsoft.AspNetCore.Diagnostics;

namespace GoRtc.Gateway.Rest;

/// <summary>
/// The answer to a management call that failed in a way its endpoint did not foresee: never an empty 500, but a
/// problem (or a text line, as <see cref="Problems"/> answers) that says what the caller can do — 503 with a
/// <c>Retry-After</c> when the cluster did not answer in time (it is changing: a silo died or restarted), 500 when the
/// fault is the server's, which the log records in full.
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
        var transient = ClusterFailures.IsTransient(exception);
        var (status, detail) = transient
            ? (StatusCodes.Status503ServiceUnavailable, UnavailableDetail)
            : (StatusCodes.Status500InternalServerError, FailedDetail);
        LogFailed(exception, httpContext.Request.Method, httpContext.Request.Path.Value ?? "/", status);

        httpContext.Response.StatusCode = status;
        if (transient)
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
