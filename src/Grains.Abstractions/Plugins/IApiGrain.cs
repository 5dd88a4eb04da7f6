namespace GoRtc.Grains.Plugins;

/// <summary>Runs API plugin requests on a silo, so gateways stay generic. Stateless: any silo can answer.</summary>
public interface IApiGrain : IGrainWithIntegerKey
{
    /// <summary>The plugin's answer, or <c>404</c> when no API of that name is loaded.</summary>
    Task<ApiReply> Invoke(ApiCall call);
}
