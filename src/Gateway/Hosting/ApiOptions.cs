using System.ComponentModel.DataAnnotations;

namespace GoRtc.Gateway.Hosting;

/// <summary>The <c>Api</c> configuration section: the REST API (the reference's <c>[APIModule]</c>).</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Port of the REST API (reference <c>listen :2539</c>).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 2539;

    /// <summary>Address to listen on. Loopback by default: the management API must not be reachable unprotected.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Bearer token that <c>/slpm</c>, <c>/apim</c> and <c>/runtime</c> require. Without one the API listens on loopback
    /// only, whatever <see cref="ListenAddress"/> says.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>Largest request body an API plugin receives, in bytes; larger requests get 413.</summary>
    [Range(0, 64 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>True when the configured token protects the management endpoints.</summary>
    public bool HasToken => !string.IsNullOrEmpty(Token);
}
