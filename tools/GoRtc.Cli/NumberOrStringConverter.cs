using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GoRtc.Cli;

/// <summary>
/// Reads a JSON number or string as text. The contract does not say whether <c>version</c> is a number (the silo
/// counts versions with an int) or a string; the tool only prints it, so it takes either.
/// </summary>
internal sealed class NumberOrStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => reader.TryGetInt64(out var n)
                ? n.ToString(CultureInfo.InvariantCulture)
                : reader.GetDouble().ToString(CultureInfo.InvariantCulture),
            _ => throw new JsonException($"expected a number or a string, got {reader.TokenType}"),
        };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
