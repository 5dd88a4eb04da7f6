using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace GoRtc.SlpSdk;

/// <summary>One HTTP request to an API plugin, already read in full (its size is limited by the gateway).</summary>
public sealed class ApiRequest
{
    public ApiRequest(string method, string path, IReadOnlyDictionary<string, string> query,
        IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> body)
    {
        Method = method;
        Path = path;
        Query = query;
        Headers = headers;
        Body = body;
    }

    /// <summary><c>GET</c>, <c>POST</c> or <c>DELETE</c>.</summary>
    public string Method { get; }

    /// <summary>What follows <c>/&lt;name&gt;/v&lt;N&gt;/</c>, decoded (the reference's <c>paras</c>), e.g. <c>rooms/lobby</c>.</summary>
    public string Path { get; }

    /// <summary>Query parameters (the last value of a repeated key).</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    /// <summary>Request headers (names lower-case; multiple values joined with a comma).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The request body.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The segments of <see cref="Path"/>, e.g. <c>["rooms", "lobby"]</c>.</summary>
    public IReadOnlyList<string> Segments => Path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A query parameter, or null.</summary>
    public string? GetQuery(string name) => Query.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// The body as <typeparamref name="T"/>, with source-generated metadata (reflection-based JSON would keep the
    /// plugin from ever unloading). Null when the body is empty.
    /// </summary>
    /// <exception cref="JsonException">The body is not JSON of that shape.</exception>
    public T? ReadJson<T>(JsonTypeInfo<T> typeInfo) =>
        Body.IsEmpty ? default : JsonSerializer.Deserialize(Body.Span, typeInfo);
}
