using System.Net;

namespace GoRtc.Cli;

/// <summary>The management API answered with an error status; <see cref="Detail"/> is what to tell the user.</summary>
internal sealed class ManagementException : Exception
{
    public ManagementException(HttpStatusCode status, string detail)
        : base($"{(int)status} {detail}")
    {
        Status = status;
        Detail = detail;
    }

    public HttpStatusCode Status { get; }

    public string Detail { get; }

    /// <summary>401 or 403: the token is missing, wrong, or not allowed to do this.</summary>
    public bool IsAuthFailure => Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
}
