using System.Net.Http.Json;
using System.Text.Json.Serialization;
using GoRtc.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace GoRtc.Gateway.Connections;

/// <summary>
/// The reference's <c>authurl</c> (spec §5.2): each handshake is POSTed as
/// <c>{"type":"ws","remoteaddr":…,"url":…,"headers":{…}}</c> and accepted only on HTTP 200.
/// </summary>
internal sealed partial class AuthHook
{
    private readonly IHttpClientFactory _httpClients;
    private readonly IOptionsMonitor<RtcOptions> _options;
    private readonly ILogger<AuthHook> _logger;

    public AuthHook(IHttpClientFactory httpClients, IOptionsMonitor<RtcOptions> options, ILogger<AuthHook> logger)
    {
        _httpClients = httpClients;
        _options = options;
        _logger = logger;
    }

    public async Task<bool> IsAllowedAsync(HttpContext context)
    {
        var options = _options.CurrentValue;
        if (options.AuthUrl is null)
        {
            return true;
        }

        var request = new AuthRequest(
            "ws",
            $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}",
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? string.Empty).ToArray(), StringComparer.OrdinalIgnoreCase));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(options.AuthTimeout);
        try
        {
            using var response = await _httpClients.CreateClient(nameof(AuthHook))
                .PostAsJsonAsync(options.AuthUrl, request, AuthJsonContext.Default.AuthRequest, timeout.Token);
            return response.StatusCode == System.Net.HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            LogAuthFailed(options.AuthUrl, ex.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "authurl {Url} unreachable: {Error}; handshake refused")]
    private partial void LogAuthFailed(Uri url, string error);
}

internal sealed record AuthRequest(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("remoteaddr")] string RemoteAddress,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("headers")] Dictionary<string, string[]> Headers);

[JsonSerializable(typeof(AuthRequest))]
internal sealed partial class AuthJsonContext : JsonSerializerContext;
