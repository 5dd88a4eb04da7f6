using GoRtc.Gateway.Hosting;
using GoRtc.Grains.Plugins;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace GoRtc.Gateway.Rest;

/// <summary>
/// <c>/&lt;name&gt;/v&lt;N&gt;/&lt;path&gt;</c>: requests for API plugins. The gateway only reads the request (up to
/// <see cref="ApiOptions.MaxRequestBytes"/>) and hands it to a silo, where the plugin runs, so every gateway serves
/// every API without loading plugin code.
/// </summary>
internal static class ApiPluginEndpoints
{
    public static void MapApiPluginEndpoints(this IEndpointRouteBuilder api) =>
        api.MapMethods("/{name:regex(^[A-Za-z0-9_]+$)}/{version:regex(^v[1-9][0-9]*$)}/{**path}", ["GET", "POST", "DELETE", "PUT", "PATCH", "HEAD"], InvokeAsync);

    private static async Task<IResult> InvokeAsync(HttpContext context, string name, string version, string? path,
        IGrainFactory grains, IOptions<ApiOptions> options)
    {
        var request = context.Request;
        if (request.Method is not ("GET" or "POST" or "DELETE"))
        {
            return Problems.Create(context, StatusCodes.Status405MethodNotAllowed, $"API plugins answer GET, POST and DELETE, not {request.Method}");
        }

        var maxBytes = options.Value.MaxRequestBytes;
        if (request.ContentLength > maxBytes)
        {
            return Problems.Create(context, StatusCodes.Status413PayloadTooLarge, $"the request body is larger than {maxBytes} bytes (Api:MaxRequestBytes)");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.Create(context, StatusCodes.Status413PayloadTooLarge, $"the request body is larger than {maxBytes} bytes (Api:MaxRequestBytes)");
        }

        var call = new ApiCall(
            $"{name}.{version}",
            request.Method,
            path ?? string.Empty,
            request.Query.ToDictionary(q => q.Key, q => q.Value.LastOrDefault() ?? string.Empty, StringComparer.Ordinal),
            request.Headers.Where(h => !IsHopByHop(h.Key)).ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal),
            body);

        ApiReply reply;
        try
        {
            reply = await grains.GetGrain<IApiGrain>(0).Invoke(call);
        }
        catch (TimeoutException)
        {
            return Problems.Create(context, StatusCodes.Status504GatewayTimeout, $"API {call.Api} did not answer in time");
        }

        foreach (var (header, value) in reply.Headers)
        {
            if (!IsHopByHop(header) && !string.Equals(header, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[header] = value;
            }
        }

        context.Response.Headers.Server = "RTC-APIServer"; // the reference's Server header, which its clients see
        context.Response.StatusCode = reply.Status;
        if (reply.Body.Length > 0)
        {
            context.Response.ContentType = reply.ContentType;
            context.Response.ContentLength = reply.Body.Length;
            await context.Response.Body.WriteAsync(reply.Body, context.RequestAborted);
        }

        return Results.Empty;
    }

    /// <summary>Headers that belong to this hop and are never passed through.</summary>
    private static bool IsHopByHop(string header) =>
        header.Equals("Connection", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Upgrade", StringComparison.OrdinalIgnoreCase);
}
