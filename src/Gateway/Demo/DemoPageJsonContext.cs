using System.Text.Json.Serialization;

namespace GoRtc.Gateway.Demo;

/// <summary>
/// Source-generated JSON for <see cref="DemoPageSettings"/>: camelCase, unset credentials left out, so that the body
/// is the WebRTC <c>RTCConfiguration</c> shape the page passes on as it is.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DemoPageSettings))]
internal sealed partial class DemoPageJsonContext : JsonSerializerContext;
