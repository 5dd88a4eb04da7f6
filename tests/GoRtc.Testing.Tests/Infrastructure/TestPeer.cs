using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace GoRtc.Testing.Tests.Infrastructure;

/// <summary>The server side of one WebSocket connection of a <see cref="TestPeerServer"/>.</summary>
internal sealed class TestPeer(WebSocket socket, string userId, string rawQuery, CancellationToken aborted)
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly ConcurrentQueue<PeerFrame> _received = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The decoded userid query parameter.</summary>
    public string UserId { get; } = userId;

    /// <summary>The query string as it came over the wire, e.g. <c>?userid=Alex%40gortc.com</c>.</summary>
    public string RawQuery { get; } = rawQuery;

    /// <summary>Everything received from the client, with the time since the connection was accepted.</summary>
    public IReadOnlyList<PeerFrame> Received => [.. _received];

    /// <summary>Completes when the behaviour has run and the client has closed; faults if the behaviour threw.</summary>
    public Task Completion => _completion.Task;

    public TimeSpan Now => Stopwatch.GetElapsedTime(_started);

    public async Task RunAsync(Func<TestPeer, Task> behaviour)
    {
        try
        {
            await behaviour(this);
            await DrainUntilClosedAsync();
            _completion.TrySetResult();
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException && aborted.IsCancellationRequested)
        {
            _completion.TrySetResult();
        }
        catch (Exception exception)
        {
            _completion.TrySetException(exception);
        }
    }

    /// <summary>The next text message from the client, parsed; throws if none comes in time.</summary>
    public async Task<JsonObject> ReceiveJsonAsync(TimeSpan? timeout = null)
    {
        var frame = await ReceiveAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(10))
            ?? throw new InvalidOperationException("The client closed the connection while the peer expected a message.");
        return JsonNode.Parse(frame.Text)!.AsObject();
    }

    public Task SendAsync(string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, aborted);

    public async Task SendFragmentsAsync(params string[] parts)
    {
        for (var i = 0; i < parts.Length; i++)
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(parts[i]), WebSocketMessageType.Text, endOfMessage: i == parts.Length - 1, aborted);
        }
    }

    public Task SendBinaryAsync(byte[] data) =>
        socket.SendAsync(data, WebSocketMessageType.Binary, endOfMessage: true, aborted);

    public async Task CloseAsync(WebSocketCloseStatus status, string description)
    {
        await socket.CloseOutputAsync(status, description, aborted);
        await DrainUntilClosedAsync();
    }

    /// <summary>Records client messages until the client's close frame (answered) or the connection ends.</summary>
    public async Task DrainUntilClosedAsync()
    {
        while (socket.State is WebSocketState.Open or WebSocketState.CloseSent && await ReceiveAsync() is not null)
        {
        }
    }

    private async Task<PeerFrame?> ReceiveAsync()
    {
        var buffer = new byte[8192];
        var message = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), aborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, aborted);
                }

                return null;
            }

            message.Write(buffer.AsSpan(0, result.Count));
            if (result.EndOfMessage)
            {
                var frame = new PeerFrame(Now, result.MessageType, Encoding.UTF8.GetString(message.WrittenSpan));
                _received.Enqueue(frame);
                return frame;
            }
        }
    }
}

internal sealed record PeerFrame(TimeSpan At, WebSocketMessageType Type, string Text);
