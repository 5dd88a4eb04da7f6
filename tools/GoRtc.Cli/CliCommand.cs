namespace GoRtc.Cli;

/// <summary>One thing the user asked <c>gortc</c> to do, already checked against the grammar and the name rules.</summary>
internal abstract record CliCommand;

/// <summary><c>gortc --help</c>: print the usage.</summary>
internal sealed record HelpCommand : CliCommand;

/// <summary><c>plugin push</c> / <c>api push</c>: build if needed, then upload under <paramref name="Name"/>.</summary>
internal sealed record PushCommand(PluginKind Kind, string Path, string Name, string Configuration) : CliCommand;

/// <summary><c>plugin ls</c> / <c>api ls</c>.</summary>
internal sealed record ListCommand(PluginKind Kind) : CliCommand;

/// <summary><c>plugin rm</c> / <c>api rm</c>.</summary>
internal sealed record RemoveCommand(PluginKind Kind, string Name) : CliCommand;

/// <summary><c>runtime stack|jstack|distribute</c>: a text dump from the server.</summary>
internal sealed record RuntimeCommand(string View) : CliCommand;
