using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using GoRtc.Gateway.Hosting;
using GoRtc.Grains;
using GoRtc.Jsip;
using Microsoft.Extensions.Logging;

namespace GoRtc.Gateway.Connections;

/// <summary>
/// One client WebSocket: a receive loop that decodes and validates each message (the syntax layer) and hands it to
/// its dialogue grain, and a send loop that drains this socket's bounded queue. The gateway keeps no JSIP state.
/// </summary>
internal sealed partial class JsipConnection
{
    /// <summary>A message's first receive buffer; most JSIP messages fit, larger ones grow it up to the frame limit.</summary>
    private const int InitialReceiveBuffer = 4096;

    private readonly RtcOptions _options;
    private readonly JsipGrains _grains;
    private readonly DispatchRetry _dispatch;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Channel<(JsipMessage Message, DateTimeOffset ValidUntil)> _sendQueue;
    private readonly CancellationTokenSource _aborted = new();
    private string? _abortReason;
    private readonly Guid _gatewayId;
    private WebSocket _socket = null!;

    /// <summary>
    /// A connection is registered (and its user told) before the WebSocket is accepted, so that a client whose
    /// handshake has completed is already the user's current connection; messages pushed meanwhile wait in the queue.
    /// </summary>
    public JsipConnection(string userId, string remoteAddress, Guid gatewayId, RtcOptions options, JsipGrains grains, DispatchRetry dispatch, GatewayMetrics metrics, ILogger logger)
    {
        _dispatch = dispatch;
        _gatewayId = gatewayId;
        UserId = userId;
        RemoteAddress = remoteAddress;
        _options = options;
        _grains = grains;
        _metrics = metrics;
        _logger = logger;
        _sendQueue = Channel.CreateBounded<(JsipMessage, DateTimeOffset)>(new BoundedChannelOptions(options.SendQueueSize)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>This socket as the silos address it.</summary>
    public ConnectionAddress Address => new(_gatewayId, Id);

    public string UserId { get; }

    public string RemoteAddress { get; }

    /// <summary>
    /// Queues a message for the socket; false when the socket is closed or its queue is full (a stuck client).
    /// <paramref name="validUntil"/>: when it becomes worthless, should it go back to the user's outbox unsent; the
    /// gateway's own answers to this socket's requests default to never (no other socket wants them).
    /// </summary>
    public bool TryEnqueue(JsipMessage message, DateTimeOffset validUntil = default)
    {
        if (_sendQueue.Writer.TryWrite((message, validUntil)))
        {
            return true;
        }

        if (!_aborted.IsCancellationRequested)
        {
            Abort("Send queue full");
        }

        return false;
    }

    /// <summary>
    /// Closes the socket (replaced by a newer connection of the same user, or stuck): what is queued is sent, then a
    /// close frame with the reason; a peer that does not complete the close within 2 s is cut off.
    /// </summary>
    public void Abort(string reason)
    {
        _abortReason ??= reason;
        _sendQueue.Writer.TryComplete();
    }

    /// <summary>Messages accepted for the socket but never written, which go back to the user's outbox for their remaining life.</summary>
    public GatewayDelivery[] TakeUnsent()
    {
        _sendQueue.Writer.TryComplete();
        var unsent = new List<GatewayDelivery>();
        while (_sendQueue.Reader.TryRead(out var item))
        {
            if (item.ValidUntil != default)
            {
                unsent.Add(new GatewayDelivery(Id, UserId, item.Message, item.ValidUntil));
            }
        }

        return [.. unsent];
    }

    /// <summary>Serves the socket until it closes.</summary>
    public async Task RunAsync(WebSocket socket, CancellationToken stopping)
    {
        _socket = socket;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, _aborted.Token);
        var sender = SendLoopAsync(linked.Token);
        try
        {
            await ReceiveLoopAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException ex)
        {
            LogSocketError(UserId, ex.Message);
        }
        finally
        {
            _sendQueue.Writer.TryComplete();
            await _aborted.CancelAsync();
            await sender;
            await CloseAsync();
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            // Wait for the next message without a buffer (a zero-byte read): an idle socket holds no receive memory.
            var ready = await _socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken);
            if (ready.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            if (ready.EndOfMessage)
            {
                await OnMessageAsync(ReadOnlyMemory<byte>.Empty); // an empty message: rejected like any bad JSON
                continue;
            }

            if (!await ReceiveMessageAsync(cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>Reads and handles one message into a pooled buffer; false when the peer closed instead.</summary>
    private async Task<bool> ReceiveMessageAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(_options.MaxMessageBytes, InitialReceiveBuffer));
        try
        {
            var length = 0;
            var oversized = false;
            ValueWebSocketReceiveResult result;
            do
            {
                if (!oversized && length == Math.Min(buffer.Length, _options.MaxMessageBytes))
                {
                    if (length >= _options.MaxMessageBytes)
                    {
                        oversized = true; // Discard the rest of this message, keep the socket.
                    }
                    else
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _options.MaxMessageBytes));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }

                var target = oversized ? buffer.AsMemory() : buffer.AsMemory(length, Math.Min(buffer.Length, _options.MaxMessageBytes) - length);
                result = await _socket.ReceiveAsync(target, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return false;
                }

                if (!oversized)
                {
                    length += result.Count;
                }
            }
            while (!result.EndOfMessage);

            if (oversized)
            {
                _metrics.Rejected(JsipRejection.FrameTooLarge);
                LogOversized(UserId, _options.MaxMessageBytes);
                return true;
            }

            await OnMessageAsync(buffer.AsMemory(0, length));
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task OnMessageAsync(ReadOnlyMemory<byte> frame)
    {
        _metrics.Received();
        var parsed = JsipCodec.Parse(frame.Span);
        if (parsed.Message is not { } message)
        {
            _metrics.Rejected(parsed.Rejection);
            if (parsed.CanAnswer && parsed.Partial is { } partial)
            {
                // Protocol decision 1: a request we can answer is told what is wrong.
                TryEnqueue(partial.CreateResponse(400, parsed.Rejection.ToReason()));
            }
            else
            {
                LogDropped(UserId, parsed.Rejection);
            }

            return;
        }

        try
        {
            await DispatchAsync((this, message));
        }
#pragma warning disable CA1031 // A failed grain call must not end the socket; it is retried, then the request answered.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var outcome = await _dispatch.RetryAsync(ex, DispatchAsync, static (state, failure, attempt) => state.Self.LogDispatchFailed(failure, state.Message.DialogueId, state.Message.Name, attempt), (Self: this, Message: message));
            if (outcome != DispatchOutcome.Delivered && message.IsRequest && message.Method != JsipMethod.Ack)
            {
                TryEnqueue(outcome == DispatchOutcome.Unavailable
                    ? message.CreateResponse(503, "Service unavailable: the cluster did not take the request; try again")
                    : message.CreateResponse(500, "Server error"));
            }
        }
    }

    private static Task DispatchAsync((JsipConnection Self, JsipMessage Message) state) =>
        state.Self._grains.DialogueShard(state.Message.DialogueId).Receive(state.Message, state.Self.UserId, state.Self.Address);

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        var writer = new PooledBufferWriter();
        try
        {
            while (await _sendQueue.Reader.WaitToReadAsync(cancellationToken))
            {
                while (_sendQueue.Reader.TryRead(out var item))
                {
                    var message = item.Message;
                    writer.Clear();
                    JsipCodec.Write(message, writer);
                    await _socket.SendAsync(writer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
                    _metrics.Sent();
                }

                writer.Release(); // drained: an idle socket holds no send buffer
            }

            if (_abortReason is { } reason && _socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, reason, cancellationToken);
                _aborted.CancelAfter(TimeSpan.FromSeconds(2));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException ex)
        {
            LogSocketError(UserId, ex.Message);
        }
        finally
        {
            writer.Release();
        }
    }

    private async Task CloseAsync()
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                var status = _abortReason is null ? WebSocketCloseStatus.NormalClosure : WebSocketCloseStatus.PolicyViolation;
                await _socket.CloseOutputAsync(status, _abortReason ?? "Bye", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The peer is gone already.
            }
        }

        _socket.Abort();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "User {UserId}: socket error {Error}")]
    private partial void LogSocketError(string userId, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "User {UserId}: message over {Limit} bytes discarded")]
    private partial void LogOversized(string userId, int limit);

    [LoggerMessage(Level = LogLevel.Debug, Message = "User {UserId}: invalid message dropped ({Rejection})")]
    private partial void LogDropped(string userId, JsipRejection rejection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dialogue {DialogueId}: {Name} could not be handed to its grain (attempt {Attempt})")]
    private partial void LogDispatchFailed(Exception exception, string dialogueId, string name, int attempt);
}
