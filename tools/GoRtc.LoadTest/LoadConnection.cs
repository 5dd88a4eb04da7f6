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
/// <para>
/// Chat: the connection is a member of room <c>index / R</c>. Its MESSAGE carries <c>&lt;index&gt;:&lt;n&gt;</c> as Body;
/// a member that receives the copy answers it 200 and tells the sender's connection (same process) that copy n
/// arrived. The sender's operation n completes once it has its 200 and R − 1 copies have arrived.
/// </para>
/// </summary>
internal sealed class LoadConnection
{
    private const string ToUri = "conformance@gortc.com";
    private const string MessageUri = "Recv_MESSAGE";
    private const string InviteUri = "Recv_INVITE_Session_Timeout";
    private const int MaxFrameBytes = 16 * 1024 * 1024;
    private const string SubscribeSuffix = "sub";
    private static readonly byte[] Suffix = "\"}"u8.ToArray();
    private static readonly byte[] SubscribeSuffixBytes = Encoding.UTF8.GetBytes(SubscribeSuffix);
    private readonly byte[] _chatBodyPrefix;
    private byte[]? _quotedUserId;

    private readonly LoadRun _run;
    private readonly Slot[] _slots;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _idPrefix;
    private readonly byte[] _message;
    private readonly byte[] _invite;
    private readonly byte[] _ack;
    private readonly byte[] _bye;
    private readonly byte[] _chatMessage;
    private readonly byte[] _subscribe;
    private readonly byte[] _replyPrefix;
    private readonly byte[] _sendBuffer;
    private readonly LatencyHistogram _latency;
    private readonly LatencyHistogram _answerLatency;
    private readonly LoadMode _mode;
    private readonly bool _dialog;
    private readonly System.Net.IPAddress? _localAddress;
    private readonly TaskCompletionSource<int> _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ClientWebSocket? _socket;
    private Task _receiveLoop = Task.CompletedTask;
    private volatile bool _closing;
    private volatile bool _dead;
    private long _completedMeasured;
    private long _failedMeasured;
    private long _completedTotal;

    public LoadConnection(LoadRun run, int index, Uri baseUrl, System.Net.IPAddress? localAddress = null)
    {
        _localAddress = localAddress;
        _run = run;
        Index = index;
        UserId = $"{run.Options.UserIdPrefix}-{index}@gortc.com";
        var separator = string.IsNullOrEmpty(baseUrl.Query) ? "?" : "&";
        Url = new Uri($"{baseUrl}{separator}userid={Uri.EscapeDataString(UserId)}");
        _mode = run.Options.Mode;
        _dialog = _mode == LoadMode.Dialog;
        _slots = new Slot[run.Options.Outstanding];
        _latency = run.Stripe(index);
        _answerLatency = run.AnswerStripe(index);
        RoomId = $"room:{run.Options.UserIdPrefix}-{run.RunId}-{index / run.Options.RoomSize}@gortc.com";

        var idPrefix = $"{run.RunId}-{index}-";
        _idPrefix = Encoding.UTF8.GetBytes(idPrefix);
        var from = Quoted(UserId);
        var to = Quoted(ToUri);
        var router = run.Options.Router is { } r ? $"\"Router\":{Quoted(r)}," : string.Empty;
        _message = Template($$"""{"Type":"MESSAGE","Request-URI":{{Quoted(MessageUri)}},"From":{{from}},"To":{{to}},{{router}}"CSeq":1,"DialogueID":"{{idPrefix}}""");
        _invite = Template($$"""{"Type":"INVITE","Request-URI":{{Quoted(InviteUri)}},"From":{{from}},"To":{{to}},{{router}}"CSeq":1,"Expire":600,"DialogueID":"{{idPrefix}}""");
        _ack = Template($$"""{"Type":"ACK","Request-URI":{{Quoted(InviteUri)}},"From":{{from}},"To":{{to}},"CSeq":2,"RelatedID":1,"DialogueID":"{{idPrefix}}""");
        _bye = Template($$"""{"Type":"BYE","Request-URI":{{Quoted(InviteUri)}},"From":{{from}},"To":{{to}},"CSeq":3,"DialogueID":"{{idPrefix}}""");

        // Chat: the DialogueID's n is also the Body's (after "<index>:"), so members can say which operation they got.
        var room = Quoted(RoomId);
        _chatMessage = Template($$"""{"Type":"MESSAGE","Request-URI":{{room}},"From":{{from}},"To":{{room}},{{router}}"P-Asserted-Identity":{{from}},"CSeq":1,"DialogueID":"{{idPrefix}}""");
        var expire = (long)Math.Ceiling((run.Options.Warmup + run.Options.Duration + run.Options.OperationTimeout).TotalSeconds) + 300;
        _subscribe = Template($$"""{"Type":"SUBSCRIBE","Request-URI":{{room}},"From":{{from}},"To":{{room}},{{router}}"P-Asserted-Identity":{{from}},"Expire":{{expire}},"CSeq":1,"DialogueID":"{{idPrefix}}{{SubscribeSuffix}}"}""");
        _replyPrefix = Template($$"""{"Type":"RESPONSE","Code":200,"To":{{room}},"From":""");
        _chatBodyPrefix = Encoding.UTF8.GetBytes($"\",\"Body\":\"{index}:");
        var longest = Math.Max(Math.Max(_message.Length, _invite.Length), Math.Max(_ack.Length, _bye.Length));
        longest = Math.Max(longest, Math.Max(_chatMessage.Length + _chatBodyPrefix.Length + 20, _subscribe.Length));
        _sendBuffer = new byte[longest + 20 + Suffix.Length];
    }

    private enum Stage : byte
    {
        Idle,
        AwaitMessage,
        AwaitInvite,
        AwaitBye,
        AwaitChat,
    }

    public int Index { get; }

    /// <summary>Chat: the room this connection is a member of.</summary>
    public string RoomId { get; }

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
            if (_run.InvokerFor(_localAddress) is { } invoker)
            {
                await socket.ConnectAsync(Url, invoker, cts.Token);
            }
            else
            {
                await socket.ConnectAsync(Url, cts.Token);
            }
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

    /// <summary>
    /// Chat: joins this connection's room (SUBSCRIBE with P-Asserted-Identity = its userid); returns the response code,
    /// or 0 when none came within <paramref name="timeout"/>.
    /// </summary>
    public async Task<int> SubscribeAsync(TimeSpan timeout)
    {
        if (_dead || _socket is null)
        {
            return 0;
        }

        await SendRawAsync(_subscribe);
        var done = await Task.WhenAny(_subscribed.Task, Task.Delay(timeout));
        return done == _subscribed.Task ? _subscribed.Task.Result : 0;
    }

    /// <summary>Starts the W operations of this connection (none in idle mode).</summary>
    public async Task StartAsync()
    {
        if (_mode == LoadMode.Idle)
        {
            return;
        }

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
                        Stage.AwaitChat => slot.Answered ? "timeout (chat: a member's copy not received)" : "timeout (chat MESSAGE)",
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
        slot.Stage = _mode switch
        {
            LoadMode.Dialog => Stage.AwaitInvite,
            LoadMode.Chat => Stage.AwaitChat,
            _ => Stage.AwaitMessage,
        };
        slot.Answered = false;
        slot.Pending = _run.Options.RoomSize - 1;
        slot.Start = Stopwatch.GetTimestamp();
        return n;
    }

    private ValueTask SendFirstAsync(long n) => _mode == LoadMode.Chat
        ? SendWithAsync(buffer => BuildChat(buffer, n))
        : SendAsync(_dialog ? _invite : _message, null, n);

    private ValueTask SendRawAsync(byte[] frame) => SendWithAsync(buffer =>
    {
        frame.CopyTo(buffer, 0);
        return frame.Length;
    });

    /// <summary>Sends one frame that <paramref name="build"/> writes into the send buffer (under the send lock).</summary>
    private ValueTask SendWithAsync(Func<byte[], int> build) => SendFramesAsync(build, static (buffer, b) => b(buffer), null);

    private int BuildChat(byte[] buffer, long n)
    {
        _chatMessage.CopyTo(buffer, 0);
        var length = _chatMessage.Length;
        Utf8Formatter.TryFormat(n, buffer.AsSpan(length), out var written);
        length += written;
        _chatBodyPrefix.CopyTo(buffer, length);
        length += _chatBodyPrefix.Length;
        Utf8Formatter.TryFormat(n, buffer.AsSpan(length), out written);
        length += written;
        Suffix.CopyTo(buffer, length);
        return length + Suffix.Length;
    }

    /// <summary>The 200 a member sends for a chat copy: From = the sender, To = the room, CSeq and DialogueID echoed.</summary>
    private int BuildReply(byte[] buffer, byte[] senderQuoted, long cseq, byte[] dialogueId)
    {
        var span = buffer.AsSpan();
        var length = 0;
        void Put(ReadOnlySpan<byte> bytes, Span<byte> to)
        {
            bytes.CopyTo(to[length..]);
            length += bytes.Length;
        }

        Put(_replyPrefix, span);
        Put(senderQuoted, span);
        Put(",\"CSeq\":"u8, span);
        Utf8Formatter.TryFormat(cseq, span[length..], out var written);
        length += written;
        Put(",\"DialogueID\":\""u8, span);
        Put(dialogueId, span);
        Put(Suffix, span);
        return length;
    }

    /// <summary>Sends the templates <paramref name="first"/> (and <paramref name="second"/>) completed with <paramref name="n"/>.</summary>
    private ValueTask SendAsync(byte[] first, byte[]? second, long n) =>
        SendFramesAsync(
            (first, second, n),
            static (buffer, s) => Build(buffer, s.first, s.n),
            second is null ? null : static (buffer, s) => Build(buffer, s.second!, s.n));

    /// <summary>
    /// Sends one or two frames, each written into the send buffer by its builder, under the send lock (one sender at
    /// a time per socket). Builders take their state by value, so the hot path allocates nothing.
    /// </summary>
    private async ValueTask SendFramesAsync<TState>(TState state, Func<byte[], TState, int> first, Func<byte[], TState, int>? second)
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

            await socket.SendAsync(_sendBuffer.AsMemory(0, first(_sendBuffer, state)), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            if (second is not null)
            {
                await socket.SendAsync(_sendBuffer.AsMemory(0, second(_sendBuffer, state)), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
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

    private static int Build(byte[] buffer, byte[] template, long n)
    {
        template.CopyTo(buffer, 0);
        var length = template.Length;
        Utf8Formatter.TryFormat(n, buffer.AsSpan(length), out var written);
        length += written;
        Suffix.CopyTo(buffer, length);
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
                    case FollowUp.Reply:
                        var reply = next.Reply!;
                        if (reply.DialogueId.Length + reply.Sender.Length + _replyPrefix.Length + 64 > _sendBuffer.Length)
                        {
                            _run.Error("chat copy with a DialogueID too long to answer");
                            break;
                        }

                        await SendWithAsync(buffer => BuildReply(buffer, reply.Sender, reply.CSeq, reply.DialogueId));
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
            return _mode == LoadMode.Chat && f.RequestType == "MESSAGE" ? OnChatCopy(frame, in f) : RequestFromServer(f.RequestType);
        }

        if (f.DialogueIdStart < 0 || f.DialogueIdEscaped)
        {
            _run.UnmatchedResponse();
            return default;
        }

        var id = frame.Slice(f.DialogueIdStart, f.DialogueIdLength);
        if (_mode == LoadMode.Chat && id.StartsWith(_idPrefix) && id[_idPrefix.Length..].SequenceEqual(SubscribeSuffixBytes))
        {
            _subscribed.TrySetResult(f.Code);
            return default;
        }

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
                case Stage.AwaitChat when f.CSeq == 1:
                    if (f.Code < 200)
                    {
                        return default;
                    }

                    if (f.Code != 200)
                    {
                        return CompleteLocked(s, now, "chat MESSAGE", f.Code);
                    }

                    slot.Answered = true;
                    if (_run.Phase == RunPhase.Measure)
                    {
                        _answerLatency.Record((now - slot.Start) * 1_000_000 / Stopwatch.Frequency);
                    }

                    return slot.Pending <= 0 ? CompleteLocked(s, now, null, f.Code) : default;
                case Stage.AwaitBye when f.CSeq == 1 && f.Code is >= 100 and <= 200:
                    return default; // A repeated 1xx/200 to the INVITE: harmless.
                default:
                    _run.Error($"response {f.Code} with unexpected CSeq {f.CSeq} ({slot.Stage})");
                    return default;
            }
        }
    }

    private Next RequestFromServer(string? type)
    {
        _run.Error($"request from server ({type})");
        return default;
    }

    /// <summary>Chat: a copy of a member's MESSAGE. Tells its sender it arrived, and answers it 200.</summary>
    private Next OnChatCopy(ReadOnlySpan<byte> frame, in ReceivedFrame f)
    {
        if (f.DialogueIdStart < 0 || f.CSeq < 0 || f.BodyStart < 0)
        {
            _run.Error("chat copy without DialogueID, CSeq or Body");
            return default;
        }

        var body = frame.Slice(f.BodyStart, f.BodyLength);
        var colon = body.IndexOf((byte)':');
        if (colon <= 0 || !Utf8Parser.TryParse(body[..colon], out int sender, out var used) || used != colon
            || !Utf8Parser.TryParse(body[(colon + 1)..], out long n, out used) || used != body.Length - colon - 1
            || sender < 0 || sender >= _run.Connections.Count)
        {
            _run.Error("chat copy with a Body that is not <sender>:<n>");
            return default;
        }

        var from = _run.Connections[sender];
        if (from.RoomId != RoomId || sender == Index)
        {
            _run.Error(sender == Index ? "chat copy of its own MESSAGE" : "chat copy from another room");
        }
        else
        {
            from.OnDelivered(n);
        }

        return new Next(FollowUp.Reply, 0, new ChatReply(from.QuotedUserId, f.CSeq, frame.Slice(f.DialogueIdStart, f.DialogueIdLength).ToArray()));
    }

    /// <summary>Chat: a member received the copy of this connection's operation <paramref name="n"/>.</summary>
    public void OnDelivered(long n)
    {
        var now = Stopwatch.GetTimestamp();
        Next next;
        lock (_lock)
        {
            var s = (int)(n % _slots.Length);
            ref var slot = ref _slots[s];
            if (slot.Stage != Stage.AwaitChat || slot.Sequence != n)
            {
                _run.LateResponse(); // a copy of an operation that timed out
                return;
            }

            if (_run.Phase == RunPhase.Measure)
            {
                _run.Delivered();
            }

            slot.Pending--;
            if (slot.Pending > 0 || !slot.Answered)
            {
                return;
            }

            next = CompleteLocked(s, now, null, 200);
        }

        if (next.Action == FollowUp.Start)
        {
            _ = SendFirstAsync(next.Sequence).AsTask(); // on this connection, from the member's receive loop
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

    private byte[] QuotedUserId => _quotedUserId ??= Encoding.UTF8.GetBytes(Quoted(UserId));

    private enum FollowUp : byte
    {
        None,
        AckAndBye,
        Start,
        Reply,
    }

    private readonly record struct Next(FollowUp Action, long Sequence, ChatReply? Reply = null);

    /// <summary>What a member's 200 to a chat copy needs: the sender (quoted JSON), CSeq and raw DialogueID.</summary>
    private sealed record ChatReply(byte[] Sender, long CSeq, byte[] DialogueId);

    private struct Slot
    {
        public long Generation;
        public long Sequence;
        public long Start;
        public Stage Stage;

        /// <summary>Chat: the sender has its 200.</summary>
        public bool Answered;

        /// <summary>Chat: member copies still to arrive.</summary>
        public int Pending;
    }
}
