using System.Diagnostics;
using GoRtc.EndToEnd.Tests.Fixtures;
using GoRtc.Testing;
using Xunit;

namespace GoRtc.EndToEnd.Tests;

/// <summary>The <c>gortc</c> tool against a real node: push a built plugin, list it, remove it.</summary>
[Collection(PluginNodeCollection.Name)]
public sealed class GortcToolTests
{
    private readonly PluginNode _fixture;

    public GortcToolTests(PluginNode fixture) => _fixture = fixture;

    [Fact]
    public async Task Push_ls_and_rm_manage_a_plugin_on_a_running_node()
    {
        var name = PluginApiClient.UniqueName("tool");
        var plugin = RepoPaths.BuiltAssembly("tests/GoRtc.TestSlps.SwapV2", "GoRtc.TestSlps.Swap");

        var push = await RunAsync("plugin", "push", plugin, "--name", name);
        var ls = await RunAsync("plugin", "ls");
        var rm = await RunAsync("plugin", "rm", name);
        var again = await RunAsync("plugin", "rm", name);
        var unauthenticated = await RunAsAsync(token: null, "plugin", "ls");

        Assert.True(push.ExitCode == 0, push.Output);
        Assert.Contains($"Loaded SLP {name} version", push.Output, StringComparison.Ordinal);
        Assert.Contains(name, ls.Output, StringComparison.Ordinal);
        Assert.True(rm.ExitCode == 0, rm.Output);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("not loaded", again.Output, StringComparison.Ordinal);
        Assert.Equal(3, unauthenticated.ExitCode);
        using var api = new PluginApiClient(_fixture.Node.ApiBase, PluginNode.Token);
        Assert.Empty(await api.VersionsAsync(name));
    }

    private Task<(int ExitCode, string Output)> RunAsync(params string[] args) => RunAsAsync(PluginNode.Token, args);

    private async Task<(int ExitCode, string Output)> RunAsAsync(string? token, params string[] args)
    {
        var start = new ProcessStartInfo(ServerProcess.DotnetHostPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(RepoPaths.BuiltAssembly("tools/GoRtc.Cli", "GoRtc.Cli"));
        start.ArgumentList.Add("--url");
        start.ArgumentList.Add(_fixture.Node.ApiBase.ToString().TrimEnd('/'));
        if (token is not null)
        {
            start.ArgumentList.Add("--token");
            start.ArgumentList.Add(token);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
