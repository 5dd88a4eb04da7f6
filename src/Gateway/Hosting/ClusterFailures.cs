using Orleans.Runtime;

namespace GoRtc.Gateway.Hosting;

/// <summary>Which failures of a call into the cluster are the cluster's passing state rather than the call's fault.</summary>
internal static class ClusterFailures
{
    /// <summary>
    /// The cluster could not be reached or did not answer in time — a silo died or restarted, a grain's first
    /// activation on a settling silo outlasted the response timeout: the same call can succeed a moment later.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception is TimeoutException
        or OrleansMessageRejectionException // includes SiloUnavailableException
        or GatewayTooBusyException
        or ClientNotAvailableException
        or Orleans.Runtime.Messaging.ConnectionFailedException;
}
