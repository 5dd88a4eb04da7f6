namespace GoRtc.Silo.Plugins;

/// <summary>
/// What every plugin store does the same way: the checks on uploads and SHA-256s, the seeding rule, the listing
/// order. A store only says how it reads records and blobs and how it writes one record atomically.
/// </summary>
public abstract class PluginStore : IPluginStore
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<PluginRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var records = await ReadRecordsAsync(cancellationToken).ConfigureAwait(false);
        return records
            .OrderBy(r => r.Kind)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToArray();
    }

    /// <inheritdoc/>
    public async Task<PluginRecord> PutAsync(PluginUpload upload, CancellationToken cancellationToken = default)
    {
        PluginStoreRules.Validate(upload);
        var record = await WriteAsync(upload, static (_, _, _) => true, cancellationToken).ConfigureAwait(false);
        return record ?? throw new InvalidOperationException("A put always writes.");
    }

    /// <inheritdoc/>
    public Task<PluginRecord?> SeedAsync(PluginUpload upload, CancellationToken cancellationToken = default)
    {
        PluginStoreRules.ValidateSeed(upload);
        return WriteAsync(upload, PluginStoreRules.ShouldSeed, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<byte[]?> ReadAsync(string sha256, CancellationToken cancellationToken = default) =>
        PluginStoreRules.TryNormalizeSha256(sha256, out var normalized)
            ? ReadBlobAsync(normalized, cancellationToken)
            : Task.FromResult<byte[]?>(null);

    /// <inheritdoc/>
    public abstract Task<bool> DeleteAsync(PluginKind kind, string name, CancellationToken cancellationToken = default);

    /// <summary>Removes blobs referenced neither by a current record nor by <paramref name="keepSha256"/>.</summary>
    public abstract Task<int> PruneAsync(IReadOnlySet<string> keepSha256, CancellationToken cancellationToken = default);

    /// <inheritdoc/>
    public abstract IDisposable Subscribe(Action onChanged);

    /// <summary>The current records, in any order.</summary>
    protected abstract Task<IReadOnlyCollection<PluginRecord>> ReadRecordsAsync(CancellationToken cancellationToken);

    /// <summary>The bytes of a normalised (lower-case, 64 hex digits) SHA-256, or null.</summary>
    protected abstract Task<byte[]?> ReadBlobAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="upload"/> as the next version of its name if <paramref name="shouldWrite"/> (current
    /// record or null, deleted?, sha256 of the upload) says so, atomically against other writers; null when not written.
    /// </summary>
    protected abstract Task<PluginRecord?> WriteAsync(PluginUpload upload, Func<PluginRecord?, bool, string, bool> shouldWrite,
        CancellationToken cancellationToken);
}
