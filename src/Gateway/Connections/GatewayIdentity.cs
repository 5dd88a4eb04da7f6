using GoRtc.Grains;

namespace GoRtc.Gateway.Connections;

/// <summary>
/// This gateway's id and its observer reference. The reference is created on first use (the Orleans runtime must be
/// up) and the observer object is held here for the process's life, since Orleans holds observers weakly.
/// </summary>
internal sealed class GatewayIdentity
{
    private readonly Lazy<IGatewayObserver> _reference;

    public GatewayIdentity(GatewayObserver observer, IGrainFactory grainFactory)
    {
        Observer = observer;
        _reference = new Lazy<IGatewayObserver>(() => grainFactory.CreateObjectReference<IGatewayObserver>(observer));
    }

    public Guid Id { get; } = Guid.NewGuid();

    public GatewayObserver Observer { get; }

    public IGatewayObserver Reference => _reference.Value;
}
