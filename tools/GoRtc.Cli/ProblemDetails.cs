namespace GoRtc.Cli;

/// <summary>An RFC 7807 error body (<c>application/problem+json</c>), the server's only error shape.</summary>
internal sealed class ProblemDetails
{
    public string? Type { get; init; }

    public string? Title { get; init; }

    public int? Status { get; init; }

    public string? Detail { get; init; }
}
