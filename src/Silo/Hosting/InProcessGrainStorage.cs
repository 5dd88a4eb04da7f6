using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Serialization;
using Orleans.Storage;

namespace GoRtc.Silo.Hosting;

/// <summary>
/// Grain storage of the all-in-one node: a dictionary in the process. Orleans' memory storage keeps state in storage
/// grains, which costs a grain call on every activation that reads its state — one per new dialogue. With one silo
/// nothing is gained by that: this keeps the same semantics (deep copies, ETags, the state gone with the process)
/// at the cost of a lookup.
/// </summary>
internal sealed class InProcessGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<(string State, GrainId Grain), (object Value, long ETag)> _records = new();
    private readonly DeepCopier _copier;
    private long _etags;

    public InProcessGrainStorage(DeepCopier copier) => _copier = copier;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (_records.TryGetValue((stateName, grainId), out var record))
        {
            grainState.State = _copier.Copy((T)record.Value);
            grainState.ETag = ETagText(record.ETag);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = (stateName, grainId);
        var etag = Interlocked.Increment(ref _etags);
        var copy = (object)_copier.Copy(grainState.State)!;
        if (grainState.ETag is null)
        {
            if (!_records.TryAdd(key, (copy, etag)))
            {
                throw new InconsistentStateException($"{stateName} of {grainId} was written by another activation", "(exists)", "(none)");
            }
        }
        else
        {
            var expected = ParseETag(grainState.ETag);
            if (!_records.TryGetValue(key, out var current) || current.ETag != expected || !_records.TryUpdate(key, (copy, etag), current))
            {
                throw new InconsistentStateException($"{stateName} of {grainId} was changed by another activation", "(changed)", grainState.ETag);
            }
        }

        grainState.ETag = ETagText(etag);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        _records.TryRemove((stateName, grainId), out _);
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static string ETagText(long etag) => etag.ToString(CultureInfo.InvariantCulture);

    private static long ParseETag(string etag) => long.Parse(etag, CultureInfo.InvariantCulture);
}
