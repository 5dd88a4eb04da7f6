using System.Text.Json.Serialization;

namespace GoRtc.Cli;

/// <summary>
/// One loaded version of a plugin, as <c>GET /slpm/v1/slps</c> and <c>GET /apim/v1/apis</c> list it and as an upload's
/// <c>201</c> answers it. Several
/// versions of one name can be listed at once: the current one and older ones still serving live instances.
/// Fields the server may leave out are nullable so an older or newer server still lists.
/// </summary>
internal sealed class PluginInfo
{
    public string Name { get; init; } = string.Empty;

    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? Version { get; init; }

    public string? File { get; init; }

    public string? Sha256 { get; init; }

    public long? Size { get; init; }

    public DateTimeOffset? UploadedAt { get; init; }

    public DateTimeOffset? LoadedAt { get; init; }

    /// <summary>The version new requests select.</summary>
    public bool Current { get; init; }

    /// <summary>Instances created since this version loaded (USED).</summary>
    public long InstancesCreated { get; init; }

    /// <summary>Instances still running (USING).</summary>
    public long InstancesAlive { get; init; }

    [JsonConverter(typeof(SiloListConverter))]
    public IReadOnlyList<string>? Silos { get; init; }

    public List<PluginLoadError>? Errors { get; init; }

    /// <summary>APIs only: shipped inside the server rather than uploaded.</summary>
    public bool? BuiltIn { get; init; }
}

/// <summary>A silo that could not load a plugin version, and why.</summary>
internal sealed class PluginLoadError
{
    public string? Silo { get; init; }

    public string? Error { get; init; }
}

/// <summary>The body of a list request: <c>{"slps":[…]}</c> or <c>{"apis":[…]}</c>.</summary>
internal sealed class PluginListResponse
{
    public List<PluginInfo>? Slps { get; init; }

    public List<PluginInfo>? Apis { get; init; }
}
