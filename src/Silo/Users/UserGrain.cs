using GoRtc.Grains;
using GoRtc.Jsip;
using GoRtc.Silo.Hosting;
using GoRtc.Silo.Push;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GoRtc.Silo.Users;

/// <summary>
/// One userid: the socket it is connected on (one at a time; a new one replaces and closes the old) and its bounded
/// outbox while it is away. Messages reach the socket through the silo's <see cref="GatewayPushService"/>.
/// </summary>
[GrainType(GrainTypes.User)]
internal sealed partial class UserGrain : Grain, IUserGrain
{
    private static readonly TimeSpan KeepWhileInUse = TimeSpan.FromDays(30);

    private readonly GatewayPushService _push;
    private readonly TimeProvider _time;
    private readonly ILogger<UserGrain> _logger;
    private readonly JsipOptions _options;
    private readonly Outbox _outbox;
    private readonly IPersistentState<UserGrainState> _saved;
    private ConnectionAddress? _connection;
    private IGatewayObserver? _gateway;
    private bool _everConnected;

    public UserGrain(
        [PersistentState("user", GoRtcSiloBuilderExtensions.StorageName)] IPersistentState<UserGrainState> saved,
        GatewayPushService push, TimeProvider time, IOptions<JsipOptions> options, ILogger<UserGrain> logger)
    {
        _saved = saved;
        _push = push;
        _time = time;
        _logger = logger;
        _options = options.Value;
        _outbox = new Outbox(_options.OutboxSize);
    }

    private string UserId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_saved.RecordExists)
        {
            _everConnected = _saved.State.EverConnected;

            // The socket outlives a silo that dies: pushes resume at once. If the socket went away meanwhile, its
            // gateway hands the pushes back (PushFailed) and they queue.
            (_connection, _gateway) = (_saved.State.Connection, _saved.State.Gateway);
            foreach (var entry in _saved.State.Outbox)
            {
                if (JsipCodec.Parse(entry.Message).Message is { } message)
                {
                    message.Method = entry.Method;
                    _outbox.Restore(message, entry.ValidUntil);
                }
            }

            UpdateLifetime();
        }

        return Task.CompletedTask;
    }

    public async Task Connect(ConnectionAddress connection, IGatewayObserver gateway)
    {
        if (_connection is { } old && old != connection && _gateway is { } oldGateway)
        {
            LogReplaced(UserId, old.ConnectionId, connection.ConnectionId);
            _ = oldGateway.Close(old.ConnectionId, "Replaced by a new connection of the same userid");
        }

        _connection = connection;
        _gateway = gateway;
        _everConnected = true;
        Flush();
        UpdateLifetime();
        await SaveAsync();
    }

    public async Task Disconnect(Guid connectionId)
    {
        if (_connection is { } current && current.ConnectionId == connectionId)
        {
            _connection = null;
            _gateway = null;
        }

        UpdateLifetime();
        await SaveAsync();
    }

    public async Task<DeliveryOutcome> Deliver(JsipMessage message, DateTimeOffset validUntil)
    {
        if (!_everConnected)
        {
            return DeliveryOutcome.Unavailable;
        }

        if (_connection is { } connection && _gateway is { } gateway)
        {
            // The hot path: no storage write, the message is handed to the gateway's push queue.
            _push.Push(connection, gateway, UserId, message, validUntil);
            return DeliveryOutcome.Sent;
        }

        if (!_outbox.TryEnqueue(message, validUntil, _time.GetUtcNow()))
        {
            LogOutboxFull(UserId, message.Name, message.DialogueId);
            return DeliveryOutcome.Unavailable;
        }

        UpdateLifetime();
        await SaveAsync();
        return DeliveryOutcome.Queued;
    }

    public Task FlushPushes() => _connection is { } connection ? _push.FlushAsync(connection.GatewayId) : Task.CompletedTask;

    public async Task PushFailed(Guid connectionId, GatewayDelivery[] undelivered)
    {
        if (_connection is { } current && current.ConnectionId == connectionId)
        {
            _connection = null;
            _gateway = null;
        }

        // Each keeps the life it was sent with: a message whose transaction has ended meanwhile (its socket closed long
        // enough ago) is never delivered late, to the user's next socket.
        _outbox.Requeue(Array.ConvertAll(undelivered, d => (d.Message, d.ValidUntil)));
        if (_connection is not null)
        {
            Flush();
        }

        UpdateLifetime();
        await SaveAsync();
    }

    /// <summary>Persists the milestones (first connection, outbox changes); skips the write when nothing changed.</summary>
    private async Task SaveAsync()
    {
        var state = _saved.State;
        if (_saved.RecordExists && state.EverConnected == _everConnected && state.Connection == _connection
            && state.Outbox.Count == 0 && _outbox.Count == 0)
        {
            return;
        }

        state.EverConnected = _everConnected;
        state.Connection = _connection;
        state.Gateway = _gateway;
        state.Outbox = [.. _outbox.Items.Select(i => new OutboxEntry(JsipCodec.Serialize(i.Message), i.Message.Method, i.ValidUntil))];
        await _saved.WriteStateAsync();
    }

    private void Flush()
    {
        if (_connection is not { } connection || _gateway is not { } gateway)
        {
            return;
        }

        var now = _time.GetUtcNow();
        while (_outbox.TryDequeue(now, out var message, out var validUntil))
        {
            _push.Push(connection, gateway, UserId, message, validUntil);
        }
    }

    private void UpdateLifetime() =>
        DelayDeactivation(_connection is not null || _outbox.Count > 0 ? KeepWhileInUse : TimeSpan.Zero);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId}: connection {Old} replaced by {New}")]
    private partial void LogReplaced(string userId, Guid old, Guid @new);

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId}: outbox full, {Name} on {DialogueId} refused")]
    private partial void LogOutboxFull(string userId, string name, string dialogueId);

    public Task<UserSnapshot> Inspect()
    {
        // Interleaved: only reads. Holding nothing, the activation may go (UpdateLifetime lets it); deactivating now
        // also removes one that this very call created.
        if (_connection is null && _outbox.Count == 0)
        {
            DeactivateOnIdle();
        }

        return Task.FromResult(new UserSnapshot(UserId, _connection, _outbox.Count, _everConnected));
    }

    public Task<bool> IsConnected()
    {
        // Interleaved: only reads. Asking about a user who is away must not keep an activation for them.
        if (_connection is null && _outbox.Count == 0)
        {
            DeactivateOnIdle();
        }

        return Task.FromResult(_connection is not null);
    }
}
