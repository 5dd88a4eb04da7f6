using System.Buffers.Text;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace GoRtc.LoadTest;

/// <summary>
/// One WebSocket and its W operation slots. One receive loop reads every frame, matches it to a slot by DialogueID
/// (<c>&lt;run&gt;-&lt;conn&gt;-&lt;n&gt;</c>, where n = generation × W + slot) and CSeq, and sends what follows (ACK+BYE, or
/// the slot's next operation) itself. Requests are built from precomputed UTF-8 templates into one send buffer.
/// </summary>
internal sealed class LoadConnection
{
    private const string ToUri = "conformance@gortc.com";
    private const string MessageUri = "Recv_MESSAGE";
    private const string InviteUri = "Recv_INVITE_Session_Timeout";
    private const int MaxFrameBytes = 16 * 1024 * 1024;
    private static readonly byte[] Suffix = "\"}"u8.ToArray();

    private readonly LoadRun _run;
    private readonly Slot[] _slots;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _idPrefix;
    private readonly byte[] _message;
    private readonly byte[] _invite;
    private readonly byte[] _ack;
    private readonly byte[] _bye;
    private readonly byte[] _sendBuffer;
    private readonly LatencyHistogram _latency;
    private readonly bool _dialog;
    private ClientWebSocket? _socket;
    private Task _receiveLoop = Task.CompletedTask;
    private volatile bool _closing;
    private volatile bool _dead;
    private long _completedMeasured;
    private long _failedMeasured;
    private long _completedTotal;

    public LoadConnection(LoadRun run, int index, Uri baseUrl)
    {
        _run = run;
        Index = index;
        UserId = $"{run.Options.UserIdPrefix}-{index}@gortc.com";
        var separator = string.IsNullOrEmpty(baseUrl.Query) ? "?" : "&";
        Url = new Uri($"{baseUrl}{separator}userid={Uri.EscapeDataString(UserId)}");
        _dialog = run.Options.Mode == LoadMode.Dialog;
        _slots = new Slot[run.Options.Outstanding];
        _latency = run.Stripe(index);

        var idPrefix = $"{run.RunId}-{index}-";
        _idPrefix = Encoding.UTF8.GetBytes(idPrefix);
        var from = Quoted(UserId);
        var to = Quoted(ToUri);
        var router = run.Options.Router is { } r ? $"\"Router\":{Quoted(r)}," : string.Empty;
        _message = Template($$"""{"Type":"MESSAGE","Request-URI":{{Quoted(MessageUri)}},"From":{{from}},"To":{{to}},{{router}}"CSeq":1,"DialogueID":"{{idPrefix}}""");
        _invite = Template($$"""{"Type":"INVITE","Request-URI":{{Quoted(InviteUri)}},"From":{{from}},"To":{{to}},{{router}}"CSeq":1,"Expire":600,"DialogueID":"{{idPrefix}}""");
        _ack = Template($$"""{"Type":"ACK","Request-URI":{{Quoted(InviteUri)}},"From":{{from}},"To":{{to}},"CSeq":2,"RelatedID":1,"DialogueID":"{{idPrefix}}""");
        _bye = Template($$"""{"Type":"BYE","Request-URI":{{Quoted(InviteUri)}},"From":{{from}},"To":{{to}},"CSeq":3,"DialogueID":"{{idPrefix}}""");
        var longest = Math.Max(Math.Max(_message.Length, _invite.Length), Math.Max(_ack.Length, _bye.Length));
        _sendBuffer = new byte[longest + 20 + Suffix.Length];
    }

    private enum Stage : byte
    {
        Idle,
        AwaitMessage,
        AwaitInvite,
        AwaitBye,
    }

    public int Index { get; }

    public string UserId { get; }

    public Uri Url { get; }

    public long CompletedMeasured => Interlocked.Read(ref _completedMeasured);

    public long FailedMeasured => Interlocked.Read(ref _failedMeasured);

    public long CompletedTotal => Interlocked.Read(ref _completedTotal);

    public bool Connected => _socket is not null && !_dead;

    /// <summary>Operations still in flight.</summary>
    public int Active
    {
        get
        {
            var active = 0;
            lock (_lock)
            {
                for (var i = 0; i < _slots.Length; i++)
                {
                    if (_slots[i].Stage != Stage.Idle)
                    {
                        active++;
                    }
                }
            }

            return active;
        }
    }

    public async Task<bool> ConnectAsync(TimeSpan timeout)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.SetBuffer(16 * 1024, 4 * 1024);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(Url, cts.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or HttpRequestException or IOException)
        {
            socket.Dispose();
            var detail = ex is OperationCanceledException ? "timeout" : Describe(ex);
            _run.Error($"connect failed: {detail}");
            return false;
        }

        _socket = socket;
        _receiveLoop = ReceiveLoopAsync();
        return true;
    }

    /// <summary>Starts the W operations of this connection.</summary>
    public async Task StartAsync()
    {
        for (var s = 0; s < _slots.Length && !_dead; s++)
        {
            long n;
            lock (_lock)
            {
                n = BeginLocked(s);
            }

            await SendFirstAsync(n);
        }
    }

    /// <summary>Abandons operations older than the timeout; called by the run's sweeper.</summary>
    public void Sweep(long now)
    {
        if (_dead || _socket is null)
        {
            return;
        }

        List<long>? restart = null;
        lock (_lock)
        {
            for (var s = 0; s < _slots.Length; s++)
            {
                ref var slot = ref _slots[s];
                if (slot.Stage != Stage.Idle && now - slot.Start > _run.OperationTimeoutTicks)
                {
                    _run.Error(slot.Stage switch
                    {
                        Stage.AwaitMessage => "timeout (MESSAGE)",
                        Stage.AwaitInvite => "timeout (INVITE)",
                        _ => "timeout (BYE)",
                    });
                    slot.Stage = Stage.Idle;
                    if (_run.Phase == RunPhase.Measure)
                    {
                        _failedMeasured++;
                    }

                    if (_run.Phase < RunPhase.Drain)
                    {
                        (restart ??= []).Add(BeginLocked(s));
                    }
                }
            }
        }

        if (restart is not null)
        {
            _ = RestartAsync(restart);
        }
    }

    public async Task CloseAsync()
    {
        _closing = true;
        if (_socket is not { } socket)
        {
            return;
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _sendLock.WaitAsync(cts.Token);
            try
            {
                if (socket.State == WebSocketState.Open)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
                }
            }
            finally
            {
                _sendLock.Release();
            }

            await _receiveLoop.WaitAsync(cts.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException or ObjectDisposedException)
        {
            // The server did not complete the close handshake in time; abort below.
        }

        socket.Abort();
        socket.Dispose();
    }

    private async Task RestartAsync(List<long> operations)
    {
        foreach (var n in operations)
        {
            await SendFirstAsync(n);
        }
    }

    /// <summary>Puts slot <paramref name="s"/> in its first stage with a new sequence number; caller holds the lock.</summary>
    private long BeginLocked(int s)
    {
        ref var slot = ref _slots[s];
        var n = (slot.Generation * _slots.Length) + s;
        slot.Generation++;
        slot.Sequence = n;
        slot.Stage = _dialog ? Stage.AwaitInvite : Stage.AwaitMessage;
        slot.Start = Stopwatch.GetTimestamp();
        return n;
    }

    private ValueTask SendFirstAsync(long n) => SendAsync(_dialog ? _invite : _message, null, n);

    private async ValueTask SendAsync(byte[] first, byte[]? second, long n)
    {
        if (_dead || _socket is not { } socket)
        {
            return;
        }

        await _sendLock.WaitAsync();
        try
        {
            if (_closing)
            {
                return;
            }

            await socket.SendAsync(_sendBuffer.AsMemory(0, Build(first, n)), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            if (second is not null)
            {
                await socket.SendAsync(_sendBuffer.AsMemory(0, Build(second, n)), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            if (!_closing)
            {
                Lost($"send: {ex.Message}");
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private int Build(byte[] template, long n)
    {
        template.CopyTo(_sendBuffer, 0);
        var length = template.Length;
        Utf8Formatter.TryFormat(n, _sendBuffer.AsSpan(length), out var written);
        length += written;
        Suffix.CopyTo(_sendBuffer, length);
        return length + Suffix.Length;
    }

    private async Task ReceiveLoopAsync()
    {
        var socket = _socket!;
        var buffer = new byte[8 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length >= MaxFrameBytes)
                        {
                            throw new WebSocketException($"frame over {MaxFrameBytes} bytes");
                        }

                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        if (!_closing)
                        {
                            Lost($"closed by server ({socket.CloseStatus} {socket.CloseStatusDescription})");
                        }

                        return;
                    }

                    length += result.Count;
                }
                while (!result.EndOfMessage);

                var next = OnFrame(buffer.AsSpan(0, length));
                switch (next.Action)
                {
                    case FollowUp.AckAndBye:
                        await SendAsync(_ack, _bye, next.Sequence);
                        break;
                    case FollowUp.Start:
                        await SendFirstAsync(next.Sequence);
                        break;
                    default:
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            if (!_closing)
            {
                Lost($"receive: {ex.Message}");
            }
        }
    }

    /// <summary>Handles one received frame; returns what to send next (nothing, ACK+BYE, or a new operation).</summary>
    private Next OnFrame(ReadOnlySpan<byte> frame)
    {
        if (!FrameParser.TryParse(frame, out var f))
        {
            _run.Error("unparsable frame");
            return default;
        }

        if (!f.IsResponse)
        {
            _run.Error($"request from server ({f.RequestType})");
            return default;
        }

        if (f.DialogueIdStart < 0)
        {
            _run.UnmatchedResponse();
            return default;
        }

        var id = frame.Slice(f.DialogueIdStart, f.DialogueIdLength);
        if (!id.StartsWith(_idPrefix) || !Utf8Parser.TryParse(id[_idPrefix.Length..], out long n, out var consumed)
            || consumed != id.Length - _idPrefix.Length || n < 0)
        {
            _run.UnmatchedResponse();
            return default;
        }

        var now = Stopwatch.GetTimestamp();
        var s = (int)(n % _slots.Length);
        lock (_lock)
        {
            ref var slot = ref _slots[s];
            if (slot.Stage == Stage.Idle || slot.Sequence != n)
            {
                _run.LateResponse(); // An abandoned (timed-out) operation, or a response after its final one.
                return default;
            }

            switch (slot.Stage)
            {
                case Stage.AwaitMessage when f.CSeq == 1:
                    return f.Code < 200 ? default : CompleteLocked(s, now, f.Code == 200 ? null : "MESSAGE", f.Code);
                case Stage.AwaitInvite when f.CSeq == 1:
                    if (f.Code < 200)
                    {
                        return default; // 180 Ringing
                    }

                    if (f.Code == 200)
                    {
                        slot.Stage = Stage.AwaitBye;
                        return new Next(FollowUp.AckAndBye, n);
                    }

                    return CompleteLocked(s, now, "INVITE", f.Code);
                case Stage.AwaitBye when f.CSeq == 3:
                    return f.Code < 200 ? default : CompleteLocked(s, now, f.Code == 200 ? null : "BYE", f.Code);
                case Stage.AwaitBye when f.CSeq == 1 && f.Code is >= 100 and <= 200:
                    return default; // A repeated 1xx/200 to the INVITE: harmless.
                default:
                    _run.Error($"response {f.Code} with unexpected CSeq {f.CSeq} ({slot.Stage})");
                    return default;
            }
        }
    }

    private Next CompleteLocked(int s, long now, string? failedMethod, int code)
    {
        ref var slot = ref _slots[s];
        var phase = _run.Phase;
        _completedTotal++;
        if (failedMethod is null)
        {
            if (phase == RunPhase.Measure)
            {
                _completedMeasured++;
                _latency.Record((now - slot.Start) * 1_000_000 / Stopwatch.Frequency);
            }
        }
        else
        {
            _run.Error($"{code} to {failedMethod}");
            if (phase == RunPhase.Measure)
            {
                _failedMeasured++;
            }
        }

        slot.Stage = Stage.Idle;
        return phase < RunPhase.Drain ? new Next(FollowUp.Start, BeginLocked(s)) : default;
    }

    private void Lost(string reason)
    {
        if (_dead)
        {
            return;
        }

        _dead = true;
        _run.Error($"connection lost: {reason}");
        var abandoned = 0;
        lock (_lock)
        {
            for (var i = 0; i < _slots.Length; i++)
            {
                if (_slots[i].Stage != Stage.Idle)
                {
                    _slots[i].Stage = Stage.Idle;
                    abandoned++;
                }
            }
        }

        if (abandoned > 0)
        {
            _run.Error("operations lost with their connection", abandoned);
        }
    }

    private static byte[] Template(string prefix) => Encoding.UTF8.GetBytes(prefix);

    private static string Quoted(string value) => JsonSerializer.Serialize(value, LoadJsonContext.Default.String);

    private static string Describe(Exception ex)
    {
        var message = ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message;
        return message.Length > 160 ? message[..160] : message;
    }

    private enum FollowUp : byte
    {
        None,
        AckAndBye,
        Start,
    }

    private readonly record struct Next(FollowUp Action, long Sequence);

    private struct Slot
    {
        public long Generation;
        public long Sequence;
        public long Start;
        public Stage Stage;
    }
}
