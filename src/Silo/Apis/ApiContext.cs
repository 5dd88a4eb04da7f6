using GoRtc.Silo.Slps;
using GoRtc.SlpSdk;
using Microsoft.Extensions.Logging;

namespace GoRtc.Silo.Apis;

/// <summary>The <see cref="IApiContext"/> of one API version.</summary>
internal sealed class ApiContext : IApiContext
{
    public ApiContext(ApiVersion version, string realm, IClusterState state, ILogger logger, TimeProvider time)
    {
        State = state;
        ApiName = version.Name;
        Version = version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Realm = realm;
        Settings = new SlpSettings(version.Settings);
        Logger = logger;
        Time = time;
    }

    public string ApiName { get; }

    public string Version { get; }

    public string Realm { get; }

    public ISlpSettings Settings { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    public IClusterState State { get; }
}
