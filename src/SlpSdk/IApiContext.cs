using Microsoft.Extensions.Logging;

namespace GoRtc.SlpSdk;

/// <summary>What the runtime offers an API plugin.</summary>
public interface IApiContext
{
    /// <summary>The API's key, e.g. <c>chatroom.v1</c>.</summary>
    string ApiName { get; }

    /// <summary>The loaded version of the plugin serving this request.</summary>
    string Version { get; }

    /// <summary>The node's realm.</summary>
    string Realm { get; }

    /// <summary>Settings of this API (the <c>Plugins:Apis:&lt;name&gt;:Settings</c> configuration section).</summary>
    ISlpSettings Settings { get; }

    /// <summary>A logger whose category names the API.</summary>
    ILogger Logger { get; }

    /// <summary>The clock; tests may replace it.</summary>
    TimeProvider Time { get; }

    /// <summary>Durable state shared across the cluster with the SLPs of this plugin assembly (see <see cref="IClusterState"/>).</summary>
    IClusterState State { get; }
}
