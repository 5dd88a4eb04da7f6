using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using GoRtc.Silo.Plugins;
using Xunit;

namespace GoRtc.Silo.Tests.Plugins;

/// <summary>
/// The behaviour every <see cref="IPluginStore"/> must have, run against each implementation by a derived class. Each
/// test works in a fresh storage location; a second store opened on the same location stands for another silo.
/// </summary>
public abstract class PluginStoreContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>How fast a change must reach another silo.</summary>
    private static readonly TimeSpan NoticeBudget = TimeSpan.FromSeconds(1);

    private readonly List<IPluginStore> _stores = [];

    protected ManualTimeProvider Clock { get; } = new(T0);

    /// <summary>A fresh, empty storage location (a key prefix, a folder) for one test.</summary>
    protected abstract string NewLocation();

    /// <summary>Opens a store on <paramref name="location"/> as a silo would: its own instance and connection.</summary>
    protected abstract Task<IPluginStore> CreateStoreAsync(string location);

    /// <summary>How many distinct blobs the storage holds, looked at from outside the store.</summary>
    protected abstract Task<int> CountStoredBlobsAsync(string location);

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await DisposeStoreAsync(store);
        }
    }

    protected async Task<IPluginStore> OpenAsync(string location)
    {
        var store = await CreateStoreAsync(location);
        _stores.Add(store);
        return store;
    }

    protected static async Task DisposeStoreAsync(IPluginStore store)
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    protected static PluginUpload Upload(string name, string content, PluginKind kind = PluginKind.Slp) =>
        new(kind, name, $"{name}.dll", Encoding.UTF8.GetBytes(content), PluginOrigin.Upload);

    protected static PluginUpload Bundled(string name, string content, PluginKind kind = PluginKind.Slp) =>
        new(kind, name, $"{name}.dll", Encoding.UTF8.GetBytes(content), PluginOrigin.Configuration);

    protected static string Sha256Of(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    [Fact]
    public async Task Put_stores_the_bytes_under_their_lower_case_sha256_and_lists_the_record()
    {
        var store = await OpenAsync(NewLocation());

        var record = await store.PutAsync(Upload("echo", "echo v1"));

        Assert.Equal(PluginKind.Slp, record.Kind);
        Assert.Equal("echo", record.Name);
        Assert.Equal("echo.dll", record.File);
        Assert.Equal(Sha256Of("echo v1"), record.Sha256);
        Assert.Equal(Encoding.UTF8.GetByteCount("echo v1"), record.Size);
        Assert.Equal(T0, record.UploadedAt);
        Assert.Equal(PluginOrigin.Upload, record.Origin);
        Assert.True(record.Version > 0, $"version {record.Version}");
        Assert.Equal([record], await store.ListAsync());
        Assert.Equal(Encoding.UTF8.GetBytes("echo v1"), await store.ReadAsync(record.Sha256));
        Assert.Equal(Encoding.UTF8.GetBytes("echo v1"), await store.ReadAsync(record.Sha256.ToUpperInvariant()));
    }

    [Fact]
    public async Task Versions_increase_across_names_and_are_not_reused_after_a_delete()
    {
        var store = await OpenAsync(NewLocation());

        var a = await store.PutAsync(Upload("a", "a1"));
        var b = await store.PutAsync(Upload("b", "b1"));
        Assert.True(await store.DeleteAsync(PluginKind.Slp, "b"));
        var bAgain = await store.PutAsync(Upload("b", "b1"));
        var api = await store.PutAsync(Upload("a", "a1", PluginKind.Api));

        Assert.True(a.Version < b.Version, $"a {a.Version}, b {b.Version}");
        Assert.True(b.Version < bAgain.Version, $"b {b.Version}, b again {bAgain.Version}");
        Assert.True(bAgain.Version < api.Version, $"b again {bAgain.Version}, api {api.Version}");
    }

    [Fact]
    public async Task A_new_put_of_a_name_becomes_its_current_record_and_the_old_bytes_stay_readable()
    {
        var store = await OpenAsync(NewLocation());
        var v1 = await store.PutAsync(Upload("echo", "echo v1"));
        Clock.Advance(TimeSpan.FromMinutes(1));

        var v2 = await store.PutAsync(Upload("echo", "echo v2"));

        Assert.True(v2.Version > v1.Version, $"v1 {v1.Version}, v2 {v2.Version}");
        Assert.Equal(T0.AddMinutes(1), v2.UploadedAt);
        Assert.Equal([v2], await store.ListAsync());
        Assert.Equal(Encoding.UTF8.GetBytes("echo v1"), await store.ReadAsync(v1.Sha256));
    }

    [Fact]
    public async Task Identical_bytes_are_stored_once()
    {
        var location = NewLocation();
        var store = await OpenAsync(location);

        var first = await store.PutAsync(Upload("first", "same bytes"));
        var second = await store.PutAsync(Upload("second", "same bytes", PluginKind.Api));

        Assert.Equal(first.Sha256, second.Sha256);
        Assert.NotEqual(first.Version, second.Version);
        Assert.Equal(1, await CountStoredBlobsAsync(location));
    }

    [Fact]
    public async Task Each_kind_has_its_own_names()
    {
        var store = await OpenAsync(NewLocation());
        var slp = await store.PutAsync(Upload("billing", "slp"));
        var api = await store.PutAsync(Upload("billing", "api", PluginKind.Api));

        Assert.Equal([slp, api], await store.ListAsync());
        Assert.True(await store.DeleteAsync(PluginKind.Slp, "billing"));
        Assert.Equal([api], await store.ListAsync());
    }

    [Fact]
    public async Task Delete_removes_the_name_from_the_list()
    {
        var store = await OpenAsync(NewLocation());
        var kept = await store.PutAsync(Upload("kept", "kept"));
        await store.PutAsync(Upload("gone", "gone"));

        Assert.True(await store.DeleteAsync(PluginKind.Slp, "gone"));

        Assert.Equal([kept], await store.ListAsync());
    }

    [Fact]
    public async Task Delete_of_a_name_not_stored_returns_false()
    {
        var store = await OpenAsync(NewLocation());
        await store.PutAsync(Upload("echo", "echo"));

        Assert.False(await store.DeleteAsync(PluginKind.Slp, "unknown"));
        Assert.False(await store.DeleteAsync(PluginKind.Api, "echo"));
        Assert.True(await store.DeleteAsync(PluginKind.Slp, "echo"));
        Assert.False(await store.DeleteAsync(PluginKind.Slp, "echo"));
    }

    [Fact]
    public async Task Read_of_an_unknown_or_malformed_sha256_returns_null()
    {
        var store = await OpenAsync(NewLocation());
        await store.PutAsync(Upload("echo", "echo"));

        Assert.Null(await store.ReadAsync(Sha256Of("never stored")));
        Assert.Null(await store.ReadAsync(string.Empty));
        Assert.Null(await store.ReadAsync("../plugins.json"));
        Assert.Null(await store.ReadAsync(new string('z', 64)));
    }

    [Fact]
    public async Task Seed_writes_a_name_never_stored_nor_deleted()
    {
        var store = await OpenAsync(NewLocation());

        var record = await store.SeedAsync(Bundled("default", "bundled v1"));

        Assert.NotNull(record);
        Assert.Equal(PluginOrigin.Configuration, record.Origin);
        Assert.Equal(Sha256Of("bundled v1"), record.Sha256);
        Assert.Equal([record], await store.ListAsync());
        Assert.Equal(Encoding.UTF8.GetBytes("bundled v1"), await store.ReadAsync(record.Sha256));
    }

    [Fact]
    public async Task Seed_of_the_same_bytes_again_writes_nothing()
    {
        var store = await OpenAsync(NewLocation());
        var first = await store.SeedAsync(Bundled("default", "bundled v1"));
        Assert.NotNull(first);

        Assert.Null(await store.SeedAsync(Bundled("default", "bundled v1")));
        Assert.Equal([first], await store.ListAsync());
    }

    [Fact]
    public async Task Seed_of_changed_bytes_replaces_a_configuration_record_with_a_new_version()
    {
        var store = await OpenAsync(NewLocation());
        var v1 = await store.SeedAsync(Bundled("default", "bundled v1"));

        var v2 = await store.SeedAsync(Bundled("default", "bundled v2"));

        Assert.NotNull(v1);
        Assert.NotNull(v2);
        Assert.True(v2.Version > v1.Version, $"v1 {v1.Version}, v2 {v2.Version}");
        Assert.Equal(Sha256Of("bundled v2"), v2.Sha256);
        Assert.Equal([v2], await store.ListAsync());
    }

    [Fact]
    public async Task Seed_never_replaces_an_uploaded_record()
    {
        var store = await OpenAsync(NewLocation());
        await store.SeedAsync(Bundled("default", "bundled v1"));
        var uploaded = await store.PutAsync(Upload("default", "operator's build"));

        Assert.Null(await store.SeedAsync(Bundled("default", "bundled v1")));
        Assert.Null(await store.SeedAsync(Bundled("default", "bundled v2")));
        Assert.Equal([uploaded], await store.ListAsync());
    }

    [Fact]
    public async Task Seed_never_brings_back_a_deleted_name()
    {
        var store = await OpenAsync(NewLocation());
        await store.SeedAsync(Bundled("default", "bundled v1"));
        await store.PutAsync(Upload("uploaded", "operator's build"));
        Assert.True(await store.DeleteAsync(PluginKind.Slp, "default"));
        Assert.True(await store.DeleteAsync(PluginKind.Slp, "uploaded"));

        Assert.Null(await store.SeedAsync(Bundled("default", "bundled v1")));
        Assert.Null(await store.SeedAsync(Bundled("default", "bundled v2")));
        Assert.Null(await store.SeedAsync(Bundled("uploaded", "bundled")));
        Assert.Empty(await store.ListAsync());
    }

    [Fact]
    public async Task Seed_accepts_only_configuration_uploads()
    {
        var store = await OpenAsync(NewLocation());

        await Assert.ThrowsAsync<ArgumentException>(() => store.SeedAsync(Upload("default", "bytes")));
        Assert.Empty(await store.ListAsync());
    }

    [Fact]
    public async Task Concurrent_seeds_from_two_silos_write_exactly_once()
    {
        var location = NewLocation();
        var silo1 = await OpenAsync(location);
        var silo2 = await OpenAsync(location);

        for (var i = 0; i < 10; i++)
        {
            var name = $"default{i}";
            var results = await Task.WhenAll(
                Task.Run(() => silo1.SeedAsync(Bundled(name, "bundled v1"))),
                Task.Run(() => silo2.SeedAsync(Bundled(name, "bundled v1"))));
            Assert.Single(results, r => r is not null);
        }

        // The bundled file changed on both silos, which restart at once: still one new version.
        for (var i = 0; i < 10; i++)
        {
            var name = $"default{i}";
            var results = await Task.WhenAll(
                Task.Run(() => silo1.SeedAsync(Bundled(name, "bundled v2"))),
                Task.Run(() => silo2.SeedAsync(Bundled(name, "bundled v2"))));
            Assert.Single(results, r => r is not null);
        }

        var listed = await silo2.ListAsync();
        Assert.Equal(10, listed.Count);
        Assert.All(listed, r => Assert.Equal(Sha256Of("bundled v2"), r.Sha256));
    }

    [Fact]
    public async Task Concurrent_puts_get_distinct_versions_and_the_highest_one_is_current()
    {
        var location = NewLocation();
        var silo1 = await OpenAsync(location);
        var silo2 = await OpenAsync(location);

        var puts = Enumerable.Range(0, 20)
            .Select(i => Task.Run(() => (i % 2 == 0 ? silo1 : silo2).PutAsync(Upload("echo", $"build {i}"))))
            .ToArray();
        var records = await Task.WhenAll(puts);

        Assert.Equal(records.Length, records.Select(r => r.Version).Distinct().Count());
        var current = Assert.Single(await silo1.ListAsync());
        Assert.Equal(records.MaxBy(r => r.Version), current);
    }

    [Fact]
    public async Task A_store_tells_its_own_subscribers_of_its_changes()
    {
        var store = await OpenAsync(NewLocation());
        using var probe = new ChangeNoticeProbe(store);

        await store.PutAsync(Upload("echo", "echo"));
        Assert.True(
            await probe.WaitAsync(async () => (await store.ListAsync()).Count == 1, TimeSpan.FromSeconds(5)),
            "no notice of the put");

        probe.Drain();
        await store.DeleteAsync(PluginKind.Slp, "echo");
        Assert.True(
            await probe.WaitAsync(async () => (await store.ListAsync()).Count == 0, TimeSpan.FromSeconds(5)),
            "no notice of the delete");
    }

    [Fact]
    public async Task Another_silo_is_told_of_a_put_and_a_delete_within_one_second_and_then_sees_them()
    {
        var location = NewLocation();
        var writer = await OpenAsync(location);
        var listener = await OpenAsync(location);
        using var probe = new ChangeNoticeProbe(listener);

        await AwaitLiveSubscriptionAsync(writer, listener, probe);
        var started = Stopwatch.GetTimestamp();
        var put = await writer.PutAsync(Upload("echo", "echo v1"));
        Assert.True(
            await probe.WaitAsync(async () => (await listener.ListAsync()).Contains(put), NoticeBudget),
            $"the listener was not told of the put of version {put.Version} within {NoticeBudget}");
        Assert.True(Stopwatch.GetElapsedTime(started) < NoticeBudget, $"put + notice took {Stopwatch.GetElapsedTime(started)}");
        Assert.Equal(Encoding.UTF8.GetBytes("echo v1"), await listener.ReadAsync(put.Sha256));

        probe.Drain();
        started = Stopwatch.GetTimestamp();
        Assert.True(await writer.DeleteAsync(PluginKind.Slp, "echo"));
        Assert.True(
            await probe.WaitAsync(async () => !await ListedAsync(listener, "echo"), NoticeBudget),
            $"the listener was not told of the delete within {NoticeBudget}");
        Assert.True(Stopwatch.GetElapsedTime(started) < NoticeBudget, $"delete + notice took {Stopwatch.GetElapsedTime(started)}");
    }

    [Fact]
    public async Task A_new_store_on_the_same_storage_sees_records_deletions_and_the_version_counter()
    {
        var location = NewLocation();
        var before = await OpenAsync(location);
        var echo = await before.PutAsync(Upload("echo", "echo v1"));
        var seeded = await before.SeedAsync(Bundled("default", "bundled v1"));
        Assert.NotNull(seeded);
        var deleted = await before.PutAsync(Upload("gone", "gone"));
        Assert.True(await before.DeleteAsync(PluginKind.Slp, "gone"));
        await DisposeStoreAsync(before);

        var after = await OpenAsync(location);

        Assert.Equal([seeded, echo], await after.ListAsync());
        Assert.Equal(Encoding.UTF8.GetBytes("echo v1"), await after.ReadAsync(echo.Sha256));
        Assert.Null(await after.SeedAsync(Bundled("gone", "gone")));
        Assert.Null(await after.SeedAsync(Bundled("default", "bundled v1")));
        var next = await after.PutAsync(Upload("new", "new"));
        Assert.True(next.Version > deleted.Version, $"before restart {deleted.Version}, after {next.Version}");
    }

    [Fact]
    public async Task Prune_removes_bytes_neither_current_nor_kept()
    {
        var location = NewLocation();
        var store = await OpenAsync(location);
        var oldEcho = await store.PutAsync(Upload("echo", "echo v1"));
        var echo = await store.PutAsync(Upload("echo", "echo v2"));
        var gone = await store.PutAsync(Upload("gone", "gone"));
        await store.DeleteAsync(PluginKind.Slp, "gone");

        // An instance somewhere still runs echo v1: its bytes are kept.
        var removed = await store.PruneAsync(new HashSet<string> { oldEcho.Sha256.ToUpperInvariant() });

        Assert.Equal(1, removed);
        Assert.Null(await store.ReadAsync(gone.Sha256));
        Assert.NotNull(await store.ReadAsync(oldEcho.Sha256));
        Assert.NotNull(await store.ReadAsync(echo.Sha256));

        Assert.Equal(1, await store.PruneAsync(new HashSet<string>()));
        Assert.Null(await store.ReadAsync(oldEcho.Sha256));
        Assert.Equal(1, await CountStoredBlobsAsync(location));
        Assert.Equal(0, await store.PruneAsync(new HashSet<string>()));
    }

    [Fact]
    public async Task Bytes_pruned_and_then_put_again_are_stored_again()
    {
        var store = await OpenAsync(NewLocation());
        await store.PutAsync(Upload("echo", "echo v1"));
        await store.DeleteAsync(PluginKind.Slp, "echo");
        Assert.Equal(1, await store.PruneAsync(new HashSet<string>()));

        var again = await store.PutAsync(Upload("echo", "echo v1"));

        Assert.Equal(Encoding.UTF8.GetBytes("echo v1"), await store.ReadAsync(again.Sha256));
    }

    /// <summary>
    /// Returns once <paramref name="probe"/> on <paramref name="listener"/> hears of puts by <paramref name="writer"/>,
    /// with no notice pending, so that a test's next wait measures the delivery of its own change. Two rounds: a store
    /// may send one extra notice when its subscription becomes live, which could arrive after the first round.
    /// </summary>
    protected static async Task AwaitLiveSubscriptionAsync(IPluginStore writer, IPluginStore listener, ChangeNoticeProbe probe)
    {
        for (var round = 1; round <= 2; round++)
        {
            var name = $"warm-up-{round}";
            await writer.PutAsync(Upload(name, name));
            Assert.True(
                await probe.WaitAsync(async () => await ListedAsync(listener, name), TimeSpan.FromSeconds(10)),
                $"the listener never heard of warm-up put {round}");
            probe.Drain();
        }
    }

    private static async Task<bool> ListedAsync(IPluginStore store, string name) =>
        (await store.ListAsync()).Any(r => r.Name == name);
}
