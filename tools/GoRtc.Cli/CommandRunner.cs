using System.Globalization;

namespace GoRtc.Cli;

/// <summary>
/// Carries out one parsed command against the management API and turns every failure into a message on stderr
/// and an exit code (see <see cref="ExitCodes"/>); nothing escapes as a stack trace.
/// </summary>
internal sealed class CommandRunner
{
    private readonly ManagementClient _client;
    private readonly PluginBuilder _builder;
    private readonly TextWriter _output;
    private readonly TextWriter _error;

    public CommandRunner(ManagementClient client, PluginBuilder builder, TextWriter output, TextWriter error)
    {
        _client = client;
        _builder = builder;
        _output = output;
        _error = error;
    }

    public async Task<int> RunAsync(CliCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return command switch
            {
                PushCommand push => await PushAsync(push, cancellationToken),
                ListCommand list => await ListAsync(list, cancellationToken),
                RemoveCommand remove => await RemoveAsync(remove, cancellationToken),
                RuntimeCommand runtime => await RuntimeAsync(runtime, cancellationToken),
                HelpCommand => await HelpAsync(),
                _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown command."),
            };
        }
        catch (ManagementException ex) when (ex.IsAuthFailure)
        {
            await _error.WriteLineAsync($"error: {(int)ex.Status} {ex.Detail}");
            await _error.WriteLineAsync($"(check --token or ${CommandLine.TokenVariable})");
            return ExitCodes.Unauthorized;
        }
        catch (ManagementException ex)
        {
            await _error.WriteLineAsync($"error: {(int)ex.Status} {ex.Detail}");
            return ExitCodes.Failure;
        }
        catch (PluginBuildException ex)
        {
            await _error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (HttpRequestException ex)
        {
            await _error.WriteLineAsync($"error: cannot reach {_client.BaseAddress}: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _error.WriteLineAsync("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (TaskCanceledException)
        {
            // Not ours: HttpClient reports its own timeout this way.
            await _error.WriteLineAsync($"error: {_client.BaseAddress} did not answer in time");
            return ExitCodes.Failure;
        }
        catch (IOException ex)
        {
            await _error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (UnauthorizedAccessException ex)
        {
            await _error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
    }

    private async Task<int> PushAsync(PushCommand push, CancellationToken cancellationToken)
    {
        var package = await _builder.PrepareAsync(push.Path, push.Configuration, cancellationToken);
        await _error.WriteLineAsync(
            string.Create(CultureInfo.InvariantCulture, $"Uploading {package.FileName} ({package.Content.Length} bytes) as {push.Kind.Noun} {push.Name} to {_client.BaseAddress}"));
        var result = await _client.UploadAsync(push.Kind, push.Name, package, cancellationToken);
        var silos = result.Silos?.Count ?? 0;
        await _output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Loaded {push.Kind.Noun} {result.Name} version {result.Version ?? "?"} ({PluginTable.ShortHash(result.Sha256)}) on {silos} silo(s)"));
        foreach (var error in result.Errors ?? [])
        {
            await _error.WriteLineAsync($"warning: silo {error.Silo ?? "?"} did not load it: {error.Error}");
        }

        return ExitCodes.Success;
    }

    private async Task<int> ListAsync(ListCommand list, CancellationToken cancellationToken)
    {
        var plugins = await _client.ListAsync(list.Kind, cancellationToken);
        await _output.WriteAsync(PluginTable.Render(list.Kind, plugins));
        return ExitCodes.Success;
    }

    private async Task<int> RemoveAsync(RemoveCommand remove, CancellationToken cancellationToken)
    {
        await _client.DeleteAsync(remove.Kind, remove.Name, cancellationToken);
        await _output.WriteLineAsync($"Deleted {remove.Kind.Noun} {remove.Name}");
        return ExitCodes.Success;
    }

    private async Task<int> RuntimeAsync(RuntimeCommand runtime, CancellationToken cancellationToken)
    {
        var text = await _client.GetRuntimeTextAsync(runtime.View, cancellationToken);
        await _output.WriteAsync(text);

        // As is, but a prompt should not end up glued to the last line.
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            await _output.WriteLineAsync();
        }

        return ExitCodes.Success;
    }

    private async Task<int> HelpAsync()
    {
        await _output.WriteLineAsync(CommandLine.Usage);
        return ExitCodes.Success;
    }
}
