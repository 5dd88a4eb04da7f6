using System.Text.Json;
using System.Text.Json.Serialization;

namespace GoRtc.Cli;

/// <summary>
/// Reads <c>"silos":[…]</c> as one display string per silo. The contract leaves the item shape open; a string is
/// taken as is, an object by its first string property among <c>name</c>, <c>silo</c>, <c>address</c>, <c>id</c>,
/// anything else as its raw JSON, so listing never fails on a shape the tool does not know.
/// </summary>
internal sealed class SiloListConverter : JsonConverter<IReadOnlyList<string>>
{
    private static readonly string[] NameProperties = ["name", "silo", "address", "id"];

    public override IReadOnlyList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"expected an array of silos, got {reader.TokenType}");
        }

        var silos = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                silos.Add(reader.GetString() ?? string.Empty);
                continue;
            }

            using var item = JsonDocument.ParseValue(ref reader);
            silos.Add(Describe(item.RootElement));
        }

        return silos;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var silo in value)
        {
            writer.WriteStringValue(silo);
        }

        writer.WriteEndArray();
    }

    private static string Describe(JsonElement item)
    {
        if (item.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in NameProperties)
            {
                if (item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString() ?? string.Empty;
                }
            }
        }

        return item.GetRawText();
    }
}
