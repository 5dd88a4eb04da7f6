using System.Text.Json.Serialization;

namespace GoRtc.Cli;

/// <summary>
/// Source-generated JSON for everything the management API returns. Case-insensitive reading because the
/// contract is camelCase but a hand-written server reply should not break the tool over a capital letter.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(PluginListResponse))]
[JsonSerializable(typeof(ProblemDetails))]
internal sealed partial class ManagementJsonContext : JsonSerializerContext;
