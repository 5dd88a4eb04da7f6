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

    /// <summary>
    /// A failure of the cluster rather than of the gateway's own code: a transient one, or any other of Orleans' own
    /// (a management call the silos could not complete). A REST caller is told the cluster is unavailable (503); a
    /// JSIP message is retried only for a transient one.
    /// </summary>
    public static bool IsClusterFault(Exception exception) => IsTransient(exception) || exception is OrleansException;
}
