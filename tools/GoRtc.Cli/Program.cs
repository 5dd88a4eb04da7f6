using GoRtc.Cli;

if (!CommandLine.TryParse(args, Environment.GetEnvironmentVariable, out var commandLine, out var usageError))
{
    await Console.Error.WriteLineAsync($"error: {usageError}{Environment.NewLine}");
    await Console.Error.WriteLineAsync(CommandLine.Usage);
    return ExitCodes.Usage;
}

using var cancellation = new CancellationTokenSource();
ConsoleCancelEventHandler onCancel = (_, e) =>
{
    // The first Ctrl+C stops the build or request cleanly (the runner reports it); a second one kills us.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};
Console.CancelKeyPress += onCancel;
try
{
    using var http = ManagementClient.CreateHttpClient(commandLine.BaseUrl, commandLine.Token);
    var runner = new CommandRunner(
        new ManagementClient(http),
        new PluginBuilder(new DotnetCli(), Console.Error),
        Console.Out,
        Console.Error);
    return await runner.RunAsync(commandLine.Command, cancellation.Token);
}
finally
{
    // Unhooked before the token source is disposed, so a late Ctrl+C cannot touch it.
    Console.CancelKeyPress -= onCancel;
}
