namespace GoRtc.Gateway.Rest;

/// <summary>
/// Error answers of the management API: RFC 7807 problem details with a <c>detail</c> that says what was wrong, or
/// that detail as one text line when the client asked for text (the reference's style).
/// </summary>
internal static class Problems
{
    public static IResult Create(HttpContext context, int status, string detail) =>
        WantsText(context)
            ? Results.Text(detail + "\n", "text/plain; charset=utf-8", statusCode: status)
            : Results.Problem(detail: detail, statusCode: status);

    /// <summary>True when the client asked for the reference's text: <c>Accept: text/plain</c> or <c>?format=text</c>.</summary>
    public static bool WantsText(HttpContext context) =>
        string.Equals(context.Request.Query["format"], "text", StringComparison.OrdinalIgnoreCase)
        || context.Request.Headers.Accept.Any(a => a is not null && a.Contains("text/plain", StringComparison.OrdinalIgnoreCase));
}
