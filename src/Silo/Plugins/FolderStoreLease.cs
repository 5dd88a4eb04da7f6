namespace GoRtc.Silo.Plugins;

/// <summary>The write lock of a <see cref="FolderPluginStore"/>: the open lock file and the instance's semaphore.</summary>
internal sealed class FolderStoreLease : IAsyncDisposable
{
    private readonly FileStream _lockFile;
    private readonly SemaphoreSlim _semaphore;

    public FolderStoreLease(FileStream lockFile, SemaphoreSlim semaphore)
    {
        _lockFile = lockFile;
        _semaphore = semaphore;
    }

    public async ValueTask DisposeAsync()
    {
        // The file first: closing it releases the lock other processes are waiting on.
        await _lockFile.DisposeAsync().ConfigureAwait(false);
        _semaphore.Release();
    }
}
