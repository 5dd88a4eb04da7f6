using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GoRtc.Testing;

namespace GoRtc.EndToEnd.Tests.Fixtures;

/// <summary>The plugin management API (<c>/slpm/v1</c>, <c>/apim/v1</c>) as tests use it, and the swap test plugin's builds.</summary>
internal sealed class PluginApiClient : IDisposable
{
    private readonly HttpClient _http;

    public PluginApiClient(Uri apiBase, string? token = null)
    {
        _http = new HttpClient { BaseAddress = apiBase, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public HttpClient Http => _http;

    /// <summary>Bytes of build 1 or 2 of the swap plugin: same assembly name, same file name, different code.</summary>
    public static byte[] SwapBuild(int build) =>
        File.ReadAllBytes(RepoPaths.BuiltAssembly($"tests/GoRtc.TestSlps.SwapV{build}", "GoRtc.TestSlps.Swap"));

    public static byte[] BrokenPlugin() =>
        File.ReadAllBytes(RepoPaths.BuiltAssembly("tests/GoRtc.TestSlps.Broken", "GoRtc.TestSlps.Broken"));

    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    public async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(string prefix, string name, byte[] content, string file = "swap.dll")
    {
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await _http.PostAsync($"/{prefix}/v1/{name}?file={file}", body);
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    public async Task<JsonElement> UploadOkAsync(string prefix, string name, byte[] content, string file = "swap.dll")
    {
        var (status, body) = await UploadAsync(prefix, name, content, file);
        if (status != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"upload of {name} answered {(int)status}: {body}");
        }

        return body;
    }

    public async Task<HttpStatusCode> DeleteAsync(string prefix, string name)
    {
        using var response = await _http.DeleteAsync($"/{prefix}/v1/{name}");
        return response.StatusCode;
    }

    /// <summary>Every version of <paramref name="name"/> in <c>GET /slpm/v1/slps</c> (or the APIs).</summary>
    public async Task<JsonElement[]> VersionsAsync(string name, bool api = false)
    {
        var list = await _http.GetFromJsonAsync<JsonElement>(api ? "/apim/v1/apis" : "/slpm/v1/slps");
        return list.GetProperty(api ? "apis" : "slps").EnumerateArray()
            .Where(e => e.GetProperty("name").GetString() == name).ToArray();
    }

    /// <summary>Polls the list until <paramref name="condition"/> holds for the versions of <paramref name="name"/>.</summary>
    public async Task<JsonElement[]> WaitVersionsAsync(string name, Func<JsonElement[], bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var versions = await VersionsAsync(name);
        while (!condition(versions))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"versions of {name} never reached the expected state: {string.Join(", ", versions)}");
            }

            await Task.Delay(100);
            versions = await VersionsAsync(name);
        }

        return versions;
    }

    public void Dispose() => _http.Dispose();

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
