using GoRtc.Jsip;
using GoRtc.SlpSdk;
using GoRtc.SlpSdk.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GoRtc.Services.Chatroom.Tests;

/// <summary>
/// One chatroom instance's runtime, in memory: records what it sends, keeps the handler of each dialogue it opens (so
/// a test can answer a delivery), and shares a cluster state and clock with the other instances of a test.
/// </summary>
internal sealed class ChatroomTestContext : ISlpContext
{
    private int _dialogues;

    public ChatroomTestContext(IClusterState state, FakeTimeProvider time, Dictionary<string, string>? settings = null)
    {
        State = state;
        FakeTime = time;
        Settings = new DictionarySettings(settings ?? []);
    }

    public List<JsipMessage> Sent { get; } = [];

    public Dictionary<string, Func<JsipMessage, ValueTask>> Handlers { get; } = new(StringComparer.Ordinal);

    public bool Finished { get; private set; }

    public FakeTimeProvider FakeTime { get; }

    public string SlpName => "chatroom";

    public string Version => "1";

    public string InstanceId => "chatroom-1";

    public string Realm => "gortc.com";

    public ISlpSettings Settings { get; }

    public ILogger Logger => NullLogger.Instance;

    public TimeProvider Time => FakeTime;

    public IClusterState State { get; }

    public Task SendAsync(JsipMessage message, CancellationToken cancellationToken = default)
    {
        Sent.Add(message);
        return Task.CompletedTask;
    }

    public string NewDialogueId(Func<JsipMessage, ValueTask>? handler = null)
    {
        var id = $"dlg_{++_dialogues}";
        if (handler is not null)
        {
            Handlers[id] = handler;
        }

        return id;
    }

    public string NewRelId(Func<JsipMessage, ValueTask>? handler = null) => throw new NotSupportedException();

    public IDisposable RegisterTimer(TimeSpan dueTime, TimeSpan? period, Func<CancellationToken, ValueTask> callback) =>
        throw new NotSupportedException();

    public ValueTask<bool> IsUserConnectedAsync(string userId, CancellationToken cancellationToken = default) => ValueTask.FromResult(true);

    public void Finish() => Finished = true;

    /// <summary>Answers the delivery <paramref name="request"/> with <paramref name="code"/>, as its member (or the stack) would.</summary>
    public ValueTask AnswerAsync(JsipMessage request, int code) => Handlers[request.DialogueId](request.CreateResponse(code));

    private sealed class DictionarySettings(Dictionary<string, string> values) : ISlpSettings
    {
        public string? this[string key] => values.GetValueOrDefault(key);
    }
}

/// <summary>
/// An <see cref="InMemoryClusterState"/> that holds back the first <paramref name="racers"/> writes until that many
/// readers have read: they all read the same version, so their writes really race.
/// </summary>
internal sealed class RacingClusterState(InMemoryClusterState inner, int racers) : IClusterState
{
    private readonly TaskCompletionSource _allRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _reads;

    public async Task<StateEntry<T>> ReadAsync<T>(string key, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        var entry = await inner.ReadAsync(key, typeInfo, cancellationToken);
        if (Interlocked.Increment(ref _reads) == racers)
        {
            _allRead.TrySetResult();
        }

        return entry;
    }

    public async Task<bool> TryWriteAsync<T>(string key, long expectedVersion, T? value, DateTimeOffset? expiresAt,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        await _allRead.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        return await inner.TryWriteAsync(key, expectedVersion, value, expiresAt, typeInfo, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListKeysAsync(prefix, cancellationToken);
}
