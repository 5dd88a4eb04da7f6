using System.Diagnostics.Metrics;
using GoRtc.Jsip;

namespace GoRtc.Gateway.Connections;

/// <summary>Counters of the WebSocket side (meter <c>GoRtc.Gateway</c>).</summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "GoRtc.Gateway";

    private readonly Counter<long> _received;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _rejected;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _received = meter.CreateCounter<long>("gortc.gateway.messages_received");
        _sent = meter.CreateCounter<long>("gortc.gateway.messages_sent");
        _rejected = meter.CreateCounter<long>("gortc.gateway.messages_rejected", description: "Invalid messages, by reason");
    }

    public void Received() => _received.Add(1);

    public void Sent() => _sent.Add(1);

    public void Rejected(JsipRejection rejection) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", rejection.ToString()));
}
