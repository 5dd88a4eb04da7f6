using System.Text.Json.Serialization;
using GoRtc.Gateway.Rest.Runtime;

namespace GoRtc.Gateway.Rest;

/// <summary>Source-generated JSON for the REST API's bodies (camelCase names).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(JStackReport))]
[JsonSerializable(typeof(DistributeReport))]
[JsonSerializable(typeof(StackReport))]
internal sealed partial class RestJsonContext : JsonSerializerContext;
