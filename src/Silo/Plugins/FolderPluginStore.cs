using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace GoRtc.Silo.Plugins;

/// <summary>
/// The plugin store of an all-in-one node without Redis, in one folder:
/// <list type="bullet">
/// <item><c>plugins.json</c>: the records, the deleted names and the version counter, replaced atomically (temp file +
/// rename) so a reader sees the old or the new index, never half of one</item>
/// <item><c>blobs/{sha256}.bin</c>: the bytes, each written the same way</item>
/// <item><c>plugins.lock</c>: held exclusively while writing, so that several store instances or processes on the same
/// folder take turns (the operating system releases it if a process dies)</item>
/// </list>
/// Change notices reach this instance's subscribers at once, and other instances on the folder through a file-system
/// watcher on <c>plugins.json</c>.
/// </summary>
public sealed partial class FolderPluginStore : PluginStore, IDisposable
{
    private const string IndexFileName = "plugins.json";
    private const string LockFileName = "plugins.lock";
    private const string BlobExtension = ".bin";
    private const string TempExtension = ".tmp";

    /// <summary>How often to try the lock file again while another instance or process holds it.</summary>
    private static readonly TimeSpan LockRetryDelay = TimeSpan.FromMilliseconds(10);

    /// <summary>Writers hold the lock for milliseconds; this long means a holder is stuck, which is worth an error.</summary>
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private readonly string _folder;
    private readonly string _blobFolder;
    private readonly string _indexPath;
    private readonly string _lockPath;
    private readonly TimeProvider _time;
    private readonly ILogger<FolderPluginStore> _logger;
    private readonly PluginChangeNotifier _notifier;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _gate = new();
    private FileSystemWatcher? _watcher; // guarded by _gate; started by the first Subscribe
    private bool _disposed; // guarded by _gate

    /// <summary>A store in <paramref name="folder"/>, created if missing; what is already there is kept.</summary>
    /// <param name="folder">The store's folder.</param>
    /// <param name="time">Clock for <see cref="PluginRecord.UploadedAt"/>.</param>
    /// <param name="logger">Logger.</param>
    public FolderPluginStore(string folder, TimeProvider time, ILogger<FolderPluginStore> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _folder = Path.GetFullPath(folder);
        _blobFolder = Path.Combine(_folder, "blobs");
        _indexPath = Path.Combine(_folder, IndexFileName);
        _lockPath = Path.Combine(_folder, LockFileName);
        _time = time;
        _logger = logger;
        _notifier = new PluginChangeNotifier(logger);
        Directory.CreateDirectory(_blobFolder);
    }

    /// <summary>The store's folder (full path).</summary>
    public string Folder => _folder;

    /// <inheritdoc/>
    protected override async Task<IReadOnlyCollection<PluginRecord>> ReadRecordsAsync(CancellationToken cancellationToken)
    {
        // No lock: the index is only ever replaced whole, by a rename.
        var index = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        return index.Records;
    }

    /// <inheritdoc/>
    protected override async Task<byte[]?> ReadBlobAsync(string sha256, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(BlobPath(sha256), cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public override async Task<bool> DeleteAsync(PluginKind kind, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var key = new PluginKey(kind, name);
        await using (await LockAsync(cancellationToken).ConfigureAwait(false))
        {
            var index = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
            var current = index.Find(key);
            if (current is null)
            {
                return false;
            }

            await WriteIndexAsync(
                    index with
                    {
                        Records = [.. index.Records.Where(r => !key.Names(r))],
                        Deleted = index.IsDeleted(key) ? index.Deleted : [.. index.Deleted, key],
                    },
                    cancellationToken)
                .ConfigureAwait(false);
        }

        LogDeleted(kind, name);
        _notifier.Notify();
        return true;
    }

    /// <inheritdoc/>
    public override async Task<int> PruneAsync(IReadOnlySet<string> keepSha256, CancellationToken cancellationToken = default)
    {
        var keep = PluginStoreRules.NormalizeKeepSet(keepSha256);
        var removed = 0;
        await using (await LockAsync(cancellationToken).ConfigureAwait(false))
        {
            var index = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
            keep.UnionWith(index.Records.Select(r => r.Sha256));
            foreach (var path in Directory.EnumerateFiles(_blobFolder))
            {
                var fileName = Path.GetFileName(path);
                if (fileName.EndsWith(TempExtension, StringComparison.Ordinal))
                {
                    // Blobs are written under the lock we hold: a temp file now is left over from a crashed writer.
                    File.Delete(path);
                }
                else if (fileName.EndsWith(BlobExtension, StringComparison.Ordinal)
                    && !keep.Contains(Path.GetFileNameWithoutExtension(fileName)))
                {
                    File.Delete(path);
                    removed++;
                }
            }
        }

        LogPruned(removed);
        return removed;
    }

    /// <inheritdoc/>
    public override IDisposable Subscribe(Action onChanged)
    {
        var subscription = _notifier.Add(onChanged);
        lock (_gate)
        {
            if (_disposed)
            {
                subscription.Dispose();
                throw new ObjectDisposedException(GetType().FullName);
            }

            _watcher ??= StartWatcher();
        }

        return subscription;
    }

    /// <summary>Stops notices.</summary>
    public void Dispose()
    {
        FileSystemWatcher? watcher;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            watcher = _watcher;
            _watcher = null;
        }

        watcher?.Dispose();
        _notifier.Clear();
        _writeLock.Dispose();
    }

    protected override async Task<PluginRecord?> WriteAsync(
        PluginUpload upload,
        Func<PluginRecord?, bool, string, bool> shouldWrite,
        CancellationToken cancellationToken)
    {
        var sha256 = PluginStoreRules.Sha256Of(upload.Content.Span);
        var key = new PluginKey(upload.Kind, upload.Name);
        PluginRecord record;
        await using (await LockAsync(cancellationToken).ConfigureAwait(false))
        {
            var index = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
            var current = index.Find(key);
            if (!shouldWrite(current, index.IsDeleted(key), sha256))
            {
                return null;
            }

            var version = checked(index.LastVersion + 1);
            record = new PluginRecord(
                upload.Kind, upload.Name, version, upload.File, sha256, upload.Content.Length, _time.GetUtcNow(), upload.Origin);

            // Bytes first: the index must never name a blob that is not there.
            await WriteBlobAsync(sha256, upload.Content, cancellationToken).ConfigureAwait(false);
            await WriteIndexAsync(
                    index with
                    {
                        LastVersion = version,
                        Records = [.. index.Records.Where(r => !key.Names(r)), record],
                    },
                    cancellationToken)
                .ConfigureAwait(false);
        }

        LogStored(record.Kind, record.Name, record.Version, record.Origin, record.Sha256);
        _notifier.Notify();
        return record;
    }

    private async Task<PluginFolderIndex> ReadIndexAsync(CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(_indexPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
        }
        catch (FileNotFoundException)
        {
            return PluginFolderIndex.Empty;
        }

        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, PluginStoreJsonContext.Default.PluginFolderIndex, cancellationToken)
                    .ConfigureAwait(false)
                ?? throw new InvalidDataException($"{_indexPath} holds JSON null.");
        }
    }

    private Task WriteIndexAsync(PluginFolderIndex index, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(
            _indexPath,
            (stream, ct) => JsonSerializer.SerializeAsync(stream, index, PluginStoreJsonContext.Default.PluginFolderIndex, ct),
            cancellationToken);

    private Task WriteBlobAsync(string sha256, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = BlobPath(sha256);

        // Content-addressed and only ever created by a rename: a blob that exists is complete and has these bytes.
        return File.Exists(path)
            ? Task.CompletedTask
            : WriteAtomicallyAsync(path, (stream, ct) => stream.WriteAsync(content, ct).AsTask(), cancellationToken);
    }

    /// <summary>Writes a temp file beside <paramref name="path"/>, flushes it to disk and renames it over the target.</summary>
    private static async Task WriteAtomicallyAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var temp = $"{path}.{Guid.NewGuid():N}{TempExtension}";
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);

                // The rename must not reach the disk before the content, or a power cut could leave an empty file.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// Takes this instance's semaphore (writers of this process queue fairly on it) and then the lock file (shared with
    /// other instances and processes on the folder).
    /// </summary>
    private async Task<FolderStoreLease> LockAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Real elapsed time, not the injected clock: this bounds an actual wait on another process.
            var started = Stopwatch.GetTimestamp();
            while (true)
            {
                try
                {
                    // FileShare.None is an exclusive flock on Unix and a share lock on Windows: one holder at a time.
                    var lockFile = new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    return new FolderStoreLease(lockFile, _writeLock);
                }
                catch (IOException) when (Stopwatch.GetElapsedTime(started) < LockTimeout)
                {
                    await Task.Delay(LockRetryDelay, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    throw new TimeoutException($"{_lockPath} stayed locked by another writer for {LockTimeout.TotalSeconds:0} s.", ex);
                }
            }
        }
        catch
        {
            _writeLock.Release();
            throw;
        }
    }

    private FileSystemWatcher StartWatcher()
    {
        var watcher = new FileSystemWatcher(_folder)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite,
        };
        watcher.Created += OnFolderChanged;
        watcher.Changed += OnFolderChanged;
        watcher.Renamed += OnFolderChanged;

        // An overflowing watcher has lost events: have subscribers re-read.
        watcher.Error += (_, e) =>
        {
            LogWatcherError(e.GetException(), _folder);
            _notifier.Notify();
        };
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private void OnFolderChanged(object sender, FileSystemEventArgs e)
    {
        // Another instance replaced the index (this instance's own writes notify directly, and again here: harmless).
        if (string.Equals(e.Name, IndexFileName, StringComparison.Ordinal))
        {
            _notifier.Notify();
        }
    }

    private string BlobPath(string sha256) => Path.Combine(_blobFolder, sha256 + BlobExtension);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored plugin {Kind} {Name} version {Version} ({Origin}, sha256 {Sha256})")]
    private partial void LogStored(PluginKind kind, string name, int version, PluginOrigin origin, string sha256);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted plugin {Kind} {Name}")]
    private partial void LogDeleted(PluginKind kind, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} plugin blobs no longer used")]
    private partial void LogPruned(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plugin store folder watcher on {Folder} failed; subscribers told to re-read")]
    private partial void LogWatcherError(Exception exception, string folder);
}
