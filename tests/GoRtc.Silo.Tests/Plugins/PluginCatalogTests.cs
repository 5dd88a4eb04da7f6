using System.IO.Compression;
using System.Runtime.CompilerServices;
using GoRtc.Silo.Apis;
using GoRtc.Silo.Plugins;
using GoRtc.Silo.Slps;
using GoRtc.SlpSdk;
using GoRtc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace GoRtc.Silo.Tests.Plugins;

public sealed class PluginCatalogTests
{
    private static readonly Dictionary<string, string> NoSettings = [];

    private static byte[] SwapBuild(int build) =>
        File.ReadAllBytes(RepoPaths.BuiltAssembly($"tests/GoRtc.TestSlps.SwapV{build}", "GoRtc.TestSlps.Swap"));

    private static PluginRecord Record(PluginKind kind, string name, int version, byte[] content) => new(
        kind, name, version, "GoRtc.TestSlps.Swap.dll", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)),
        content.Length, DateTimeOffset.UnixEpoch, PluginOrigin.Upload);

    private static PluginCatalog NewCatalog() => new(TimeProvider.System, NullLogger<PluginCatalog>.Instance);

    [Fact]
    public void Replacing_a_plugin_keeps_running_instances_on_their_version_and_collects_it_after_the_last_one()
    {
        var catalog = NewCatalog();
        // The old version is reached only through boxes this frame empties: no hidden local may keep it alive.
        var (oldContext, end) = StartInstanceThenReplace(catalog);

        Assert.Equal(2, CurrentVersion(catalog));
        Assert.True(IsLoaded(catalog, 1)); // still running one instance
        Assert.Equal(2, catalog.PackageCount);

        EndOnce(end);
        Assert.False(IsLoaded(catalog, 1));
        Assert.Equal(1, catalog.PackageCount);
        Assert.True(WaitCollected(oldContext), "the load context of the replaced version was not collected");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Context, StrongBox<Action?> EndInstance) StartInstanceThenReplace(PluginCatalog catalog)
    {
        var v1 = SwapBuild(1);
        Assert.Null(catalog.Load(Record(PluginKind.Slp, "swap", 1, v1), v1, NoSettings));
        Assert.True(catalog.TryGetSlp("swap", out var first));
        var instance = first.CreateInstance();
        Assert.NotNull(instance);
        Assert.Equal("v1", BuildOf(instance));

        var v2 = SwapBuild(2);
        Assert.Null(catalog.Load(Record(PluginKind.Slp, "swap", 2, v2), v2, NoSettings));
        Assert.True(catalog.TryGetSlp("swap", out var second));
        Assert.Equal("v2", BuildOf(second.CreateInstance()!));
        Assert.Equal(1, first.InstancesAlive);

        return (new WeakReference(first.Package.Context), new StrongBox<Action?>(first.EndUse));
    }

    // Unoptimised (tier-0) code keeps every temporary of a frame alive until it returns: whatever touches the old
    // version runs in a frame of its own, so that the test's frame never holds it.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EndOnce(StrongBox<Action?> end)
    {
        end.Value!();
        end.Value = null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsLoaded(PluginCatalog catalog, int version) => catalog.TryGetSlpVersion("swap", version, out _);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int CurrentVersion(PluginCatalog catalog) => catalog.TryGetSlp("swap", out var current) ? current.Version : 0;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string BuildOf(Slp slp) =>
        (string)slp.GetType().Assembly.GetType("GoRtc.TestSlps.Swap.SwapBuild")!.GetField("Name")!.GetValue(null)!;

    private static bool WaitCollected(WeakReference reference)
    {
        for (var i = 0; i < 20 && reference.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return !reference.IsAlive;
    }

    [Fact]
    public void Deleting_a_plugin_with_no_instances_unloads_it_at_once()
    {
        var catalog = NewCatalog();
        var v1 = SwapBuild(1);
        Assert.Null(catalog.Load(Record(PluginKind.Slp, "swap", 1, v1), v1, NoSettings));

        Assert.True(catalog.Remove(PluginKind.Slp, "swap"));

        Assert.False(catalog.TryGetSlp("swap", out _));
        Assert.False(catalog.TryGetSlpVersion("swap", 1, out _));
        Assert.Equal(0, catalog.PackageCount);
        Assert.False(catalog.Remove(PluginKind.Slp, "swap"));
    }

    [Fact]
    public void An_slp_and_an_api_from_the_same_bytes_share_one_load_context_and_one_shared_object()
    {
        var catalog = NewCatalog();
        var v1 = SwapBuild(1);
        Assert.Null(catalog.Load(Record(PluginKind.Slp, "swap", 1, v1), v1, NoSettings));
        Assert.Null(catalog.Load(Record(PluginKind.Api, "swap.v1", 2, v1), v1, NoSettings));

        Assert.True(catalog.TryGetSlp("swap", out var slp));
        Assert.True(catalog.TryGetApi("swap.v1", out var api));
        Assert.Same(slp.Package, api.Package);
        Assert.Equal(1, catalog.PackageCount);
        Assert.NotNull(slp.Shared);
        Assert.Same(slp.Shared, api.Package.GetShared(slp.Shared.GetType()));
    }

    [Fact]
    public void A_failed_load_is_reported_and_leaves_the_current_version_serving()
    {
        var catalog = NewCatalog();
        var v1 = SwapBuild(1);
        Assert.Null(catalog.Load(Record(PluginKind.Slp, "swap", 1, v1), v1, NoSettings));
        byte[] garbage = [1, 2, 3, 4, 5];

        var reason = catalog.Load(Record(PluginKind.Slp, "swap", 2, garbage), garbage, NoSettings);

        Assert.NotNull(reason);
        Assert.True(catalog.TryGetSlp("swap", out var current));
        Assert.Equal(1, current.Version);
        Assert.Equal(reason, catalog.Failures[(PluginKind.Slp, "swap", 2)]);
    }

    [Fact]
    public void Validation_accepts_a_good_plugin_of_either_kind()
    {
        Assert.Null(PluginCatalog.Validate(PluginKind.Slp, "swap", SwapBuild(1)));
        Assert.Null(PluginCatalog.Validate(PluginKind.Api, "swap.v1", SwapBuild(2)));
    }

    [Fact]
    public void Validation_refuses_a_plugin_whose_constructor_throws()
    {
        var broken = File.ReadAllBytes(RepoPaths.BuiltAssembly("tests/GoRtc.TestSlps.Broken", "GoRtc.TestSlps.Broken"));

        var reason = PluginCatalog.Validate(PluginKind.Slp, "broken", broken);

        Assert.NotNull(reason);
        Assert.Contains("broken on purpose", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_refuses_bytes_that_are_neither_an_assembly_nor_a_zip()
    {
        var reason = PluginCatalog.Validate(PluginKind.Slp, "x", "this is not a plugin"u8.ToArray());

        Assert.NotNull(reason);
        Assert.Contains("neither a .NET assembly nor a zip", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_refuses_a_corrupt_zip()
    {
        byte[] corrupt = [(byte)'P', (byte)'K', 3, 4, 0, 0, 0, 0, 9, 9, 9];

        var reason = PluginCatalog.Validate(PluginKind.Slp, "x", corrupt);

        Assert.NotNull(reason);
        Assert.Contains("zip", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_refuses_an_assembly_without_a_plugin_of_the_kind()
    {
        var noPlugin = File.ReadAllBytes(typeof(GoRtc.Jsip.Stack.Dialogue).Assembly.Location);

        Assert.Contains("no public, non-abstract class", PluginCatalog.Validate(PluginKind.Slp, "x", noPlugin), StringComparison.Ordinal);

        // The SLP build has an API too; a test SLP without one is the probe.
        var probe = File.ReadAllBytes(RepoPaths.BuiltAssembly("tests/GoRtc.TestSlps", "GoRtc.TestSlps"));
        Assert.Contains("GoRtc.SlpSdk.Api", PluginCatalog.Validate(PluginKind.Api, "probe.v1", probe), StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_of_the_plugin_and_its_dependencies_loads_and_ignores_its_copy_of_the_sdk()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "GoRtc.TestSlps.Swap.dll", SwapBuild(2));
            Add(zip, "GoRtc.SlpSdk.dll", File.ReadAllBytes(typeof(Slp).Assembly.Location));
        }

        var catalog = NewCatalog();
        var content = buffer.ToArray();
        Assert.Null(PluginCatalog.Validate(PluginKind.Slp, "swap", content));
        Assert.Null(catalog.Load(Record(PluginKind.Slp, "swap", 1, content), content, NoSettings));
        Assert.True(catalog.TryGetSlp("swap", out var version));
        Assert.IsAssignableFrom<Slp>(version.CreateInstance()); // the host's Slp type, not the zip's copy
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        using var entry = zip.CreateEntry(name).Open();
        entry.Write(content);
    }
}
