namespace GoRtc.Silo.Plugins;

/// <summary>
/// Durable plugin assemblies shared by every silo of a cluster: the current version of each (kind, name), the bytes of
/// every version (content-addressed by SHA-256) and a change notice to every process sharing the store.
/// </summary>
public interface IPluginStore
{
    /// <summary>Current record of every (kind, name) that is loaded (deleted names excluded).</summary>
    Task<IReadOnlyList<PluginRecord>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the bytes (content-addressed by lower-case hex SHA-256; identical bytes stored once), allocates the next
    /// version number (one counter for the whole store, strictly increasing, never reused, also across deletes and
    /// restarts), makes it the current record of (kind, name), publishes a change notice. Returns the record.
    /// </summary>
    Task<PluginRecord> PutAsync(PluginUpload upload, CancellationToken cancellationToken = default);

    /// <summary>
    /// Seeding from configuration at start-up, atomic against other silos doing the same at once: stores like
    /// <see cref="PutAsync"/> only if (kind, name) has no record and was never deleted, or its current record has
    /// <see cref="PluginOrigin.Configuration"/> and a different SHA-256 (the bundled file changed). Returns the new
    /// record, or null when nothing was written. The upload's origin must be <see cref="PluginOrigin.Configuration"/>.
    /// </summary>
    Task<PluginRecord?> SeedAsync(PluginUpload upload, CancellationToken cancellationToken = default);

    /// <summary>The stored bytes of a SHA-256 (hex, either case), or null.</summary>
    Task<byte[]?> ReadAsync(string sha256, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes (kind, name) from the current set, remembering that it was deleted so seeding does not bring it back;
    /// publishes a change notice. False if it was not there.
    /// </summary>
    Task<bool> DeleteAsync(PluginKind kind, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes stored bytes that no current record references and that are not in <paramref name="keepSha256"/>
    /// (versions still run by instances somewhere). Returns how many blobs were removed.
    /// </summary>
    Task<int> PruneAsync(IReadOnlySet<string> keepSha256, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="onChanged"/> (on any thread, possibly more often than needed) after any change made by any
    /// process sharing the store. Dispose the result to stop. The callback should return quickly: re-read with
    /// <see cref="ListAsync"/> elsewhere.
    /// </summary>
    IDisposable Subscribe(Action onChanged);
}
