using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using System.Web;

namespace GoRtc.Testing;

/// <summary>
/// A JSIP peer for tests: one <see cref="ClientWebSocket"/>, a background loop that reassembles frames into whole
/// messages (text and binary) and queues them in arrival order, and send helpers (one frame per message).
/// </summary>
/// <remarks>
/// Messages are never lost: a <see cref="ReceiveAsync"/> that times out leaves later messages queued for the next call.
/// When the server closes the connection (or it breaks), <see cref="IsClosed"/> becomes true, the close status or the
/// error is recorded, and <see cref="ReceiveAsync"/> returns the remaining queued messages and then null at once.
/// </remarks>
public sealed class JsipTestClient : IAsyncDisposable
{
    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        // Non-ASCII text stays readable on the wire and in logs; JSON validity is unaffected.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly ClientWebSocket _socket;
    private readonly JsipTestClientOptions _options;
    private readonly Channel<ReceivedMessage> _inbox =
        Channel.CreateUnbounded<ReceivedMessage>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _stateLock = new();
    private Task _receiveLoop = Task.CompletedTask;
    private WebSocketCloseStatus? _closeStatus;
    private string? _closeStatusDescription;
    private bool _closedByServer;
    private Exception? _receiveError;
    private int _closeSent;
    private int _disposed;

    private JsipTestClient(Uri uri, ClientWebSocket socket, JsipTestClientOptions options)
    {
        Uri = uri;
        _socket = socket;
        _options = options;
        Name = options.Name ?? UserIdOf(uri) ?? uri.Authority;
    }

    /// <summary>The URL this client connected to.</summary>
    public Uri Uri { get; }

    /// <summary>A label for logs (the userid by default).</summary>
    public string Name { get; }

    /// <summary>True once the receive loop has ended: the server closed, the connection broke, or the client closed.</summary>
    public bool IsClosed => _closed.Task.IsCompleted;

    /// <summary>The close status the server sent (or echoed), when a close frame was received.</summary>
    public WebSocketCloseStatus? CloseStatus
    {
        get
        {
            lock (_stateLock)
            {
                return _closeStatus;
            }
        }
    }

    /// <summary>The close reason text the server sent, when a close frame was received.</summary>
    public string? CloseStatusDescription
    {
        get
        {
            lock (_stateLock)
            {
                return _closeStatusDescription;
            }
        }
    }

    /// <summary>True when the server sent its close frame before this client sent one.</summary>
    public bool ClosedByServer
    {
        get
        {
            lock (_stateLock)
            {
                return _closedByServer;
            }
        }
    }

    /// <summary>Why the receive loop stopped without a close frame (connection reset, oversized message), if it did.</summary>
    public Exception? ReceiveError
    {
        get
        {
            lock (_stateLock)
            {
                return _receiveError;
            }
        }
    }

    /// <summary>Messages received and not yet taken by <see cref="ReceiveAsync"/>.</summary>
    public int PendingCount => _inbox.Reader.Count;

    /// <summary>Connects to <paramref name="uri"/>, e.g. <c>ws://127.0.0.1:8080/rtc?userid=Alex%40gortc.com</c>.</summary>
    /// <exception cref="JsipConnectException">The connection or the upgrade failed, or timed out.</exception>
    public static Task<JsipTestClient> ConnectAsync(Uri uri, CancellationToken cancellationToken = default) =>
        ConnectAsync(uri, new JsipTestClientOptions(), cancellationToken);

    /// <summary>Connects to <c>endpoint?userid=&lt;escaped userId&gt;</c>, e.g. endpoint <c>ws://127.0.0.1:8080/rtc</c>.</summary>
    /// <exception cref="JsipConnectException">The connection or the upgrade failed, or timed out.</exception>
    public static Task<JsipTestClient> ConnectAsync(string endpoint, string userId, CancellationToken cancellationToken = default) =>
        ConnectAsync(BuildUri(endpoint, userId), new JsipTestClientOptions(), cancellationToken);

    /// <summary>Connects to <paramref name="uri"/> with options.</summary>
    /// <exception cref="JsipConnectException">The connection or the upgrade failed, or timed out.</exception>
    public static async Task<JsipTestClient> ConnectAsync(Uri uri, JsipTestClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(options);
        var socket = new ClientWebSocket();
        try
        {
            socket.Options.CollectHttpResponseDetails = true;
            options.ConfigureWebSocket?.Invoke(socket.Options);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            try
            {
                await socket.ConnectAsync(uri, timeout.Token).ConfigureAwait(false);
            }
            catch (WebSocketException exception)
            {
                HttpStatusCode? status = socket.HttpStatusCode == 0 ? null : socket.HttpStatusCode;
                var reason = status is { } code
                    ? $"the server answered the upgrade with HTTP {(int)code} {code}"
                    : exception.InnerException?.Message ?? exception.Message;
                throw new JsipConnectException(uri, status, reason, exception);
            }
            catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                throw new JsipConnectException(uri, null, $"timed out after {GoDuration.Format(options.ConnectTimeout)}", exception);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var client = new JsipTestClient(uri, socket, options);
        client._receiveLoop = Task.Run(client.ReceiveLoopAsync, CancellationToken.None);
        return client;
    }

    /// <summary>
    /// <c>endpoint</c> with <c>userid=&lt;userId&gt;</c> added to its query, the user id percent-escaped
    /// (<c>Alex@gortc.com</c> → <c>Alex%40gortc.com</c>).
    /// </summary>
    public static Uri BuildUri(string endpoint, string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        ArgumentNullException.ThrowIfNull(userId);
        var builder = new UriBuilder(endpoint);
        var parameter = "userid=" + Uri.EscapeDataString(userId);
        var query = builder.Query.TrimStart('?');
        builder.Query = query.Length == 0 ? parameter : query + "&" + parameter;
        return builder.Uri;
    }

    /// <summary>Sends <paramref name="text"/> as one text frame, unchanged.</summary>
    public Task SendTextAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SendCoreAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, cancellationToken);
    }

    /// <summary>Serialises <paramref name="message"/> compactly (key order kept) and sends it as one text frame.</summary>
    public Task SendAsync(JsonObject message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendTextAsync(message.ToJsonString(SerializerOptions), cancellationToken);
    }

    /// <summary>Sends the raw text of <paramref name="message"/> as one text frame.</summary>
    public Task SendAsync(JsonElement message, CancellationToken cancellationToken = default) =>
        SendTextAsync(message.GetRawText(), cancellationToken);

    /// <summary>Sends <paramref name="data"/> as one binary frame.</summary>
    public Task SendBinaryAsync(byte[] data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return SendCoreAsync(data, WebSocketMessageType.Binary, cancellationToken);
    }

    /// <summary>
    /// The next queued message, waiting up to <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/> waits forever).
    /// Returns null on timeout, or at once when the connection is closed and nothing is left (check <see cref="IsClosed"/>).
    /// A timed-out call consumes nothing.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ReceivedMessage?> ReceiveAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (_inbox.Reader.TryRead(out var message))
        {
            return message;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (await _inbox.Reader.WaitToReadAsync(deadline.Token).ConfigureAwait(false))
            {
                if (_inbox.Reader.TryRead(out message))
                {
                    return message;
                }
            }

            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Takes the next queued message without waiting.</summary>
    public bool TryReceive(out ReceivedMessage? message)
    {
        var taken = _inbox.Reader.TryRead(out var next);
        message = next;
        return taken;
    }

    /// <summary>Waits until the connection is closed (by either side or broken); false on timeout.</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            await _closed.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Sends a close frame and waits (up to <see cref="JsipTestClientOptions.CloseTimeout"/>) for the server's; aborts
    /// the socket if it does not come. Queued messages stay readable.
    /// </summary>
    public async Task CloseAsync(
        WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure,
        string? description = null,
        CancellationToken cancellationToken = default)
    {
        if (!IsClosed)
        {
            await SendCloseAsync(status, description, cancellationToken).ConfigureAwait(false);
            if (!await WaitForCloseAsync(_options.CloseTimeout, cancellationToken).ConfigureAwait(false))
            {
                _socket.Abort();
            }
        }

        await _receiveLoop.ConfigureAwait(false);
    }

    /// <summary>Closes (best effort), aborts and releases the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await CloseAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Best effort: the connection may already be gone.
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Abort();
        await _receiveLoop.ConfigureAwait(false);
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Uri}){(IsClosed ? " closed" : string.Empty)}";

    private static string? UserIdOf(Uri uri)
    {
        var userId = HttpUtility.ParseQueryString(uri.Query)["userid"];
        return string.IsNullOrEmpty(userId) ? null : userId;
    }

    private async Task SendCoreAsync(ReadOnlyMemory<byte> data, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(data, type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task SendCloseAsync(WebSocketCloseStatus status, string? description, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Interlocked.Exchange(ref _closeSent, 1) == 0 && _socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(status, description, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or IOException)
        {
            // The connection broke; the receive loop records why.
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        var message = new ArrayBufferWriter<byte>();
        long sequence = 0;
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), _stop.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    lock (_stateLock)
                    {
                        _closeStatus = _socket.CloseStatus;
                        _closeStatusDescription = _socket.CloseStatusDescription;
                        _closedByServer = Volatile.Read(ref _closeSent) == 0;
                    }

                    // Complete the closing handshake when the server started it.
                    using var echoTimeout = new CancellationTokenSource(_options.CloseTimeout);
                    await SendCloseAsync(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, echoTimeout.Token).ConfigureAwait(false);
                    break;
                }

                if (message.WrittenCount + result.Count > _options.MaxMessageBytes)
                {
                    throw new InvalidDataException(
                        $"received a message larger than MaxMessageBytes ({_options.MaxMessageBytes} bytes); connection aborted.");
                }

                message.Write(buffer.AsSpan(0, result.Count));
                if (result.EndOfMessage)
                {
                    var received = new ReceivedMessage(++sequence, result.MessageType, message.WrittenSpan.ToArray(), DateTimeOffset.UtcNow);
                    message.ResetWrittenCount();
                    _inbox.Writer.TryWrite(received);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or InvalidDataException or ObjectDisposedException or OperationCanceledException)
        {
            lock (_stateLock)
            {
                _receiveError = exception;
            }

            _socket.Abort();
        }
        finally
        {
            _inbox.Writer.TryComplete();
            _closed.TrySetResult();
        }
    }
}
