using GoRtc.Jsip;
using GoRtc.SlpSdk;
using Microsoft.Extensions.Logging;

namespace GoRtc.Silo.Slps;

/// <summary>The <see cref="ISlpContext"/> of one instance: a thin face over the instance.</summary>
internal sealed class SlpInstanceContext : ISlpContext
{
    private readonly SlpInstance _host;
    private readonly SlpVersion _version;

    public SlpInstanceContext(SlpInstance host, SlpVersion version, IClusterState state, ILogger logger)
    {
        _host = host;
        _version = version;
        State = state;
        Logger = logger;
        Settings = new SlpSettings(version.Settings);
        StartedAt = host.Time.GetUtcNow();
    }

    /// <summary>When the instance started (its SLP object and this context were created).</summary>
    public DateTimeOffset StartedAt { get; }

    public string SlpName => _version.Name;

    public string Version => _version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string InstanceId => _host.InstanceId;

    public string Realm => _host.Realm;

    public ISlpSettings Settings { get; }

    public ILogger Logger { get; }

    public TimeProvider Time => _host.Time;

    public IClusterState State { get; }

    public Task SendAsync(JsipMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _host.SendAsync(message);
    }

    public string NewDialogueId(Func<JsipMessage, ValueTask>? handler = null) => _host.NewDialogueId(handler);

    public string NewRelId(Func<JsipMessage, ValueTask>? handler = null) => _host.NewRelId(handler);

    public IDisposable RegisterTimer(TimeSpan dueTime, TimeSpan? period, Func<CancellationToken, ValueTask> callback) =>
        _host.RegisterTimer(dueTime, period, callback);

    public void Finish() => _host.RequestFinish();

    public ValueTask<bool> IsUserConnectedAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return _host.IsUserConnectedAsync(userId);
    }
}
