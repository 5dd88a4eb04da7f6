using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using GoRtc.Gateway.Rest.Runtime;
using Orleans.Runtime;

namespace GoRtc.Gateway.Rest;

/// <summary>
/// <c>/runtime/v1/…</c>: what is live in the cluster (spec §6.3; protocol decision 8). JSON by default; the
/// reference's text with <c>Accept: text/plain</c> or <c>?format=text</c>. Errors are RFC 7807 problem details.
/// </summary>
internal static class RuntimeEndpoints
{
    /// <summary>How many ids a view lists per section when the request does not say (<c>?limit=</c>).</summary>
    public const int DefaultLimit = 1000;

    private const string TextContentType = "text/plain; charset=utf-8";

    public static void MapRuntimeEndpoints(this IEndpointRouteBuilder api)
    {
        var runtime = api.MapGroup("/runtime/v1");
        runtime.MapGet("/jstack", JStackView.GetAsync);
        runtime.MapGet("/distribute", DistributeView.GetAsync);
        runtime.MapGet("/stack", StackView.GetAsync);

        // The reference answers any other view, and any other method, with an error (§6.3); here with real statuses.
        runtime.MapGet("/{**view}", (string? view) => Results.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Unknown runtime view",
            detail: $"There is no runtime view '{view}'. Views: jstack, distribute, stack."));
        runtime.MapMethods("/{**view}", [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete], (HttpContext context) =>
        {
            context.Response.Headers.Allow = HttpMethods.Get;
            return Results.Problem(
                statusCode: StatusCodes.Status405MethodNotAllowed,
                title: "Method not allowed",
                detail: $"The runtime views are read-only: {context.Request.Method} is not supported, use GET.");
        });
    }

    internal static bool WantsText(HttpContext context) =>
        string.Equals(context.Request.Query["format"], "text", StringComparison.OrdinalIgnoreCase)
        || context.Request.Headers.Accept.Any(a => a is not null && a.Contains("text/plain", StringComparison.OrdinalIgnoreCase));

    internal static IResult Text(string text) => Results.Text(text, TextContentType);

    /// <summary>Reads <c>?limit=</c> (a non-negative integer, default <see cref="DefaultLimit"/>); otherwise a 400 problem.</summary>
    internal static bool TryGetLimit(HttpContext context, out int limit, [NotNullWhen(false)] out IResult? problem)
    {
        problem = null;
        limit = DefaultLimit;
        var value = context.Request.Query["limit"];
        if (value.Count == 0)
        {
            return true;
        }

        if (value.Count == 1 && int.TryParse(value[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit))
        {
            return true;
        }

        problem = Results.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "Invalid limit",
            detail: $"limit must be one non-negative integer, got '{value}'.");
        return false;
    }
}
