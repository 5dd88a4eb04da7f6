using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace GoRtc.SlpSdk;

/// <summary>What an API plugin answers: a status, headers and a body (JSON unless it says otherwise).</summary>
public sealed class ApiResponse
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public ApiResponse(int status, ReadOnlyMemory<byte> body, string contentType = JsonContentType,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        if (status is < 100 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "An HTTP status is between 100 and 599.");
        }

        Status = status;
        Body = body;
        ContentType = contentType;
        Headers = headers ?? new Dictionary<string, string>();
    }

    public int Status { get; }

    public ReadOnlyMemory<byte> Body { get; }

    public string ContentType { get; }

    /// <summary>Extra response headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>A JSON body, serialised with source-generated metadata.</summary>
    public static ApiResponse Json<T>(T value, JsonTypeInfo<T> typeInfo, int status = 200,
        IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), JsonContentType, headers);

    /// <summary>
    /// The reference's reply shape, <c>{"code":&lt;code&gt;,"msg":"&lt;msg&gt;"}</c>, which its API clients parse.
    /// </summary>
    public static ApiResponse Code(int status, int code, string msg)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("code", code);
            writer.WriteString("msg", msg);
            writer.WriteEndObject();
        }

        return new(status, buffer.WrittenMemory, JsonContentType);
    }

    /// <summary>A plain-text body.</summary>
    public static ApiResponse Text(string text, int status = 200) =>
        new(status, Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8");

    /// <summary>A status with no body (e.g. 204).</summary>
    public static ApiResponse Empty(int status) => new(status, ReadOnlyMemory<byte>.Empty, JsonContentType);

    /// <summary>404 with a reason.</summary>
    public static ApiResponse NotFound(string reason) => Code(404, 404, reason);

    /// <summary>400 with a reason.</summary>
    public static ApiResponse BadRequest(string reason) => Code(400, 400, reason);

    internal static ApiResponse MethodNotAllowed(ApiRequest request) =>
        Code(405, 405, $"{request.Method} is not supported here");
}
