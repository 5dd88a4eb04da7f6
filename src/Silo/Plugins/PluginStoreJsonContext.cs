using System.Text.Json.Serialization;

namespace GoRtc.Silo.Plugins;

/// <summary>
/// Serialisation of records (Redis hash values) and of the folder index. Missing or null required values fail the read
/// instead of producing a record with a null name: a damaged store must be noticed, not half-loaded.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(PluginRecord))]
[JsonSerializable(typeof(PluginFolderIndex))]
internal sealed partial class PluginStoreJsonContext : JsonSerializerContext;
