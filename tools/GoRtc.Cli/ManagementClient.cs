using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace GoRtc.Cli;

/// <summary>
/// The client side of the GoRtc management API (<c>/slpm/v1</c>, <c>/apim/v1</c>, <c>/runtime/v1</c>). Every
/// non-success answer becomes a <see cref="ManagementException"/> carrying the problem's detail.
/// </summary>
internal sealed class ManagementClient
{
    private const string ProblemMediaType = "application/problem+json";

    private readonly HttpClient _http;

    /// <param name="http">An HttpClient whose <see cref="HttpClient.BaseAddress"/> is the API base, ending in '/'.</param>
    public ManagementClient(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http.BaseAddress);
        _http = http;
    }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>
    /// An HttpClient for <paramref name="baseUrl"/>, sending <c>Authorization: Bearer</c> when a token is given.
    /// The base gets a trailing '/' so a path prefix (<c>https://host/gortc</c>) is kept by relative requests.
    /// </summary>
    public static HttpClient CreateHttpClient(Uri baseUrl, string? token, HttpMessageHandler? handler = null)
    {
        var text = baseUrl.AbsoluteUri;
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: true);
        http.BaseAddress = new Uri(text.EndsWith('/') ? text : text + "/", UriKind.Absolute);

        // Loading a plugin on every silo is not instant, but a server that has not answered in two minutes
        // is not going to: better to say so than to hang a deployment script.
        http.Timeout = TimeSpan.FromMinutes(2);
        if (!string.IsNullOrEmpty(token))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(ProblemMediaType));
        return http;
    }

    /// <summary>The loaded versions of every plugin of <paramref name="kind"/>.</summary>
    public async Task<IReadOnlyList<PluginInfo>> ListAsync(PluginKind kind, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(kind.ListPath, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var list = await ReadJsonAsync(response, ManagementJsonContext.Default.PluginListResponse, cancellationToken);
        return kind.ItemsOf(list);
    }

    /// <summary>Uploads a plugin: the server stores it and loads it as a new version on every silo.</summary>
    public async Task<PluginInfo> UploadAsync(PluginKind kind, string name, PluginPackage package, CancellationToken cancellationToken)
    {
        var path = $"{kind.ItemPath(name)}?file={Uri.EscapeDataString(package.FileName)}";
        using var content = new ByteArrayContent(package.Content);
        content.Headers.ContentType = new MediaTypeHeaderValue(package.ContentType);
        using var response = await _http.PostAsync(path, content, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await ReadJsonAsync(response, ManagementJsonContext.Default.PluginInfo, cancellationToken);
    }

    /// <summary>Unloads a plugin; a 404 (not loaded) surfaces as a <see cref="ManagementException"/>.</summary>
    public async Task DeleteAsync(PluginKind kind, string name, CancellationToken cancellationToken)
    {
        using var response = await _http.DeleteAsync(kind.ItemPath(name), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>A runtime dump (<c>stack</c>, <c>jstack</c>, <c>distribute</c>) as the server formats it.</summary>
    public async Task<string> GetRuntimeTextAsync(string view, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "runtime/v1/" + Uri.EscapeDataString(view));

        // Replaces the client's JSON default: these views are made for people, and the server renders them.
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        using var response = await _http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private static async Task<T> ReadJsonAsync<T>(
        HttpResponseMessage response,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo,
        CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken)
                ?? throw new ManagementException(response.StatusCode, "the server sent an empty body where JSON was expected");
        }
        catch (JsonException ex)
        {
            throw new ManagementException(response.StatusCode, $"the server's answer is not the expected JSON: {ex.Message}");
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new ManagementException(response.StatusCode, DescribeError(response, body));
    }

    /// <summary>
    /// The problem's detail, else its title; a body that is not a problem (a proxy's error page) is shown only
    /// when it is short plain text, else the status line's reason.
    /// </summary>
    private static string DescribeError(HttpResponseMessage response, string body)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase) && body.Length > 0)
        {
            try
            {
                var problem = JsonSerializer.Deserialize(body, ManagementJsonContext.Default.ProblemDetails);
                if (!string.IsNullOrWhiteSpace(problem?.Detail))
                {
                    return problem.Detail;
                }

                if (!string.IsNullOrWhiteSpace(problem?.Title))
                {
                    return problem.Title;
                }
            }
            catch (JsonException)
            {
                // Not a problem document after all: fall through to the generic description.
            }
        }

        var text = body.Trim();
        if (mediaType is "text/plain" && text.Length is > 0 and <= 200 && !text.Contains('\n', StringComparison.Ordinal))
        {
            return text;
        }

        return string.IsNullOrWhiteSpace(response.ReasonPhrase) ? response.StatusCode.ToString() : response.ReasonPhrase;
    }
}
