using System.Buffers;
using System.Text.Json;
using GoRtc.Grains.Plugins;
using GoRtc.Silo.Hosting;
using GoRtc.Silo.Plugins;
using GoRtc.Silo.State;
using GoRtc.SlpSdk;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace GoRtc.Silo.Apis;

/// <summary>
/// Runs API plugin requests: a fresh plugin instance per request (as in the reference), bounded by
/// <see cref="PluginOptions.ApiTimeout"/>; a plugin that throws gets its request a 500, never the silo.
/// </summary>
[StatelessWorker]
internal sealed partial class ApiGrain : Grain, IApiGrain
{
    private const string ProblemContentType = "application/problem+json";
    private readonly PluginCatalog _catalog;
    private readonly PluginOptions _options;
    private readonly JsipOptions _jsip;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<ApiGrain> _logger;
    private readonly TimeProvider _time;
    private readonly ClusterStateFactory _state;

    public ApiGrain(PluginCatalog catalog, ClusterStateFactory state, IOptions<PluginOptions> options, IOptions<JsipOptions> jsip,
        ILoggerFactory loggerFactory, TimeProvider time)
    {
        _catalog = catalog;
        _state = state;
        _options = options.Value;
        _jsip = jsip.Value;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ApiGrain>();
        _time = time;
    }

    public async Task<ApiReply> Invoke(ApiCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        Api? api = null;
        if (_catalog.TryGetApi(call.Api, out var version))
        {
            try
            {
                api = version.CreateInstance();
            }
#pragma warning disable CA1031 // A constructor that throws fails this request only.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogApiFailed(ex, call.Api, call.Method, call.Path);
                return Problem(500, "Internal Server Error", $"API {call.Api} failed: its constructor threw {ex.GetType().Name}");
            }
        }

        if (version is null || api is null)
        {
            return Problem(404, "Not Found", $"API {call.Api} is not loaded");
        }

        try
        {
            api.Attach(new ApiContext(version, _jsip.Realm, _state.For(version.Package), _loggerFactory.CreateLogger($"GoRtc.Api.{version.Name}"), _time));
            var request = new ApiRequest(call.Method, call.Path, call.Query, call.Headers, call.Body);
            using var timeout = new CancellationTokenSource(_options.ApiTimeout, _time);
            var handler = call.Method switch
            {
                "GET" => api.GetAsync(request, timeout.Token),
                "POST" => api.PostAsync(request, timeout.Token),
                "DELETE" => api.DeleteAsync(request, timeout.Token),
                _ => ValueTask.FromResult(ApiResponse.Code(405, 405, $"{call.Method} is not supported here")),
            };
            var response = await handler.AsTask().WaitAsync(_options.ApiTimeout, _time);
            return new ApiReply(response.Status, response.ContentType, response.Headers.ToDictionary(StringComparer.OrdinalIgnoreCase), response.Body.ToArray());
        }
        catch (TimeoutException)
        {
            LogApiTimedOut(call.Api, call.Method, call.Path);
            return Problem(504, "Gateway Timeout", $"API {call.Api} did not answer within {_options.ApiTimeout.TotalSeconds:0.#} s");
        }
#pragma warning disable CA1031 // Plugin code may throw anything; the request fails, the silo does not.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogApiFailed(ex, call.Api, call.Method, call.Path);
            return Problem(500, "Internal Server Error", $"API {call.Api} failed: {ex.GetType().Name}");
        }
        finally
        {
            version.EndUse();
        }
    }

    /// <summary>An RFC 7807 problem body, the management API's error shape.</summary>
    internal static ApiReply Problem(int status, string title, string detail)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("title", title);
            writer.WriteNumber("status", status);
            writer.WriteString("detail", detail);
            writer.WriteEndObject();
        }

        return new ApiReply(status, ProblemContentType, new Dictionary<string, string>(), buffer.WrittenSpan.ToArray());
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "API {Api} failed on {Method} {Path}")]
    private partial void LogApiFailed(Exception exception, string api, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API {Api} timed out on {Method} {Path}")]
    private partial void LogApiTimedOut(string api, string method, string path);
}
