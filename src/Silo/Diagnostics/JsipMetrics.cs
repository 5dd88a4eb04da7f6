using System.Diagnostics.Metrics;

namespace GoRtc.Silo;

/// <summary>Counters of the JSIP layers (meter <c>GoRtc.Jsip</c>), for OpenTelemetry or dotnet-counters.</summary>
public sealed class JsipMetrics
{
    public const string MeterName = "GoRtc.Jsip";

    private readonly Counter<long> _dropped;
    private readonly Counter<long> _rejected;

    public JsipMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _dropped = meter.CreateCounter<long>("gortc.jsip.dropped", description: "Messages dropped by the stack, by reason");
        _rejected = meter.CreateCounter<long>("gortc.jsip.send_rejected", description: "Messages from SLPs refused by the stack, by reason");
    }

    public void Dropped(string reason) => _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void SendRejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
