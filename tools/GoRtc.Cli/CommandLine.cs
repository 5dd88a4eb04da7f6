using System.Diagnostics.CodeAnalysis;

namespace GoRtc.Cli;

/// <summary>
/// The parsed command line: where the management API is, the token, and the command. Options may appear anywhere
/// (before or after the command words) as <c>--opt value</c> or <c>--opt=value</c>; anything else is an error
/// reported with the usage text and exit code 2, before anything is built or sent.
/// </summary>
internal sealed class CommandLine
{
    public const string UrlVariable = "GORTC_URL";
    public const string TokenVariable = "GORTC_TOKEN";
    public const string DefaultUrl = "http://127.0.0.1:2539";
    public const string DefaultConfiguration = "Release";

    public const string Usage = """
        gortc: manage a GoRtc cluster's plugins over its management API.

        Usage: gortc [--url <api base>] [--token <token>] <command>

        Commands:
          plugin push <path> --name <slp-name> [--configuration <cfg>]   build if needed, upload an SLP
          plugin ls                                                      list loaded SLP versions
          plugin rm <slp-name>                                           unload an SLP
          api push <path> --name <name>.v<N> [--configuration <cfg>]     build if needed, upload an API plugin
          api ls                                                         list API plugins
          api rm <name>.v<N>                                             unload an API plugin
          runtime stack|jstack|distribute                                print a runtime dump

        <path> is a project folder or .csproj (built with dotnet build; private dependencies are zipped with the
        plugin), a built .dll, or a .zip (both sent as they are).

        Options:
          --url <url>                api base (default $GORTC_URL, else http://127.0.0.1:2539)
          --token <token>            bearer token (default $GORTC_TOKEN)
          --name <name>              name to load the plugin under: SLP ^\w+$ (e.g. default), API ^\w+\.v[1-9]\d*$ (e.g. chat.v1)
          -c, --configuration <cfg>  build configuration for push (default Release)
          -h, --help                 this text

        Exit codes: 0 done, 1 failed (build or server error), 2 usage error, 3 unauthorized (401/403).
        """;

    private static readonly string[] RuntimeViews = ["stack", "jstack", "distribute"];

    /// <summary>Options only <c>push</c> understands: an error elsewhere rather than silently ignored.</summary>
    private static readonly string[] PushOnlyOptions = ["--name", "--configuration"];

    private CommandLine(CliCommand command, Uri baseUrl, string? token)
    {
        Command = command;
        BaseUrl = baseUrl;
        Token = token;
    }

    public CliCommand Command { get; }

    public Uri BaseUrl { get; }

    /// <summary>The bearer token, or null to send none.</summary>
    public string? Token { get; }

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="error"/> says what is wrong in one line.</summary>
    /// <param name="environment">Reads <see cref="UrlVariable"/> and <see cref="TokenVariable"/>; tests pass their own.</param>
    public static bool TryParse(
        IReadOnlyList<string> args,
        Func<string, string?> environment,
        [NotNullWhen(true)] out CommandLine? commandLine,
        [NotNullWhen(false)] out string? error)
    {
        commandLine = null;
        try
        {
            commandLine = Parse(args, environment);
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    private static CommandLine Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var positionals = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                help = true;
                continue;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                positionals.Add(arg);
                continue;
            }

            string? value = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                value = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            var option = arg switch
            {
                "--url" or "--token" or "--name" or "--configuration" => arg,
                "-c" => "--configuration",
                _ => throw new FormatException($"unknown option {arg}"),
            };
            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    throw new FormatException($"{arg} needs a value");
                }

                value = args[++i];
            }

            if (!options.TryAdd(option, value))
            {
                throw new FormatException($"{option} given twice");
            }
        }

        var baseUrl = ParseUrl(options.GetValueOrDefault("--url"), environment(UrlVariable));
        var token = options.GetValueOrDefault("--token") ?? environment(TokenVariable);
        if (string.IsNullOrEmpty(token))
        {
            token = null;
        }

        var command = help ? new HelpCommand() : ParseCommand(positionals, options);
        return new CommandLine(command, baseUrl, token);
    }

    private static CliCommand ParseCommand(List<string> words, Dictionary<string, string> options)
    {
        if (words.Count == 0)
        {
            throw new FormatException("no command given");
        }

        if (words[0] == "help" && words.Count == 1)
        {
            return new HelpCommand();
        }

        CliCommand command = words[0] switch
        {
            "plugin" => ParsePluginCommand(PluginKind.Slp, words, options),
            "api" => ParsePluginCommand(PluginKind.Api, words, options),
            "runtime" => ParseRuntimeCommand(words),
            _ => throw new FormatException($"unknown command '{words[0]}' (expected plugin, api or runtime)"),
        };

        if (command is not PushCommand)
        {
            foreach (var option in PushOnlyOptions)
            {
                if (options.ContainsKey(option))
                {
                    throw new FormatException($"{option} only applies to push");
                }
            }
        }

        return command;
    }

    private static CliCommand ParsePluginCommand(PluginKind kind, List<string> words, Dictionary<string, string> options)
    {
        var group = kind.CommandWord;
        if (words.Count < 2)
        {
            throw new FormatException($"'{group}' needs a subcommand: push, ls or rm");
        }

        switch (words[1])
        {
            case "push":
                ExpectArguments(words, 2, 1, $"{group} push <path> --name <name>");
                var name = options.GetValueOrDefault("--name") ?? throw new FormatException($"{group} push needs --name");
                var configuration = options.GetValueOrDefault("--configuration") ?? DefaultConfiguration;
                if (configuration.Trim().Length == 0)
                {
                    throw new FormatException("--configuration must not be empty");
                }

                return new PushCommand(kind, words[2], ValidName(kind, name), configuration);
            case "ls" or "list":
                ExpectArguments(words, 2, 0, $"{group} ls");
                return new ListCommand(kind);
            case "rm" or "remove":
                ExpectArguments(words, 2, 1, $"{group} rm <name>");
                return new RemoveCommand(kind, ValidName(kind, words[2]));
            default:
                throw new FormatException($"unknown subcommand '{group} {words[1]}' (expected push, ls or rm)");
        }
    }

    private static RuntimeCommand ParseRuntimeCommand(List<string> words)
    {
        ExpectArguments(words, 1, 1, "runtime stack|jstack|distribute");
        var view = words[1];
        return Array.IndexOf(RuntimeViews, view) >= 0
            ? new RuntimeCommand(view)
            : throw new FormatException($"unknown runtime view '{view}' (expected {string.Join(", ", RuntimeViews)})");
    }

    /// <summary>
    /// Checks that the <paramref name="commandWords"/> command words (<c>plugin push</c>: 2, <c>runtime</c>: 1)
    /// are followed by exactly <paramref name="count"/> arguments.
    /// </summary>
    private static void ExpectArguments(List<string> words, int commandWords, int count, string form)
    {
        var given = words.Count - commandWords;
        if (given < count)
        {
            throw new FormatException($"missing argument: gortc {form}");
        }

        if (given > count)
        {
            throw new FormatException($"unexpected argument '{words[commandWords + count]}': gortc {form}");
        }
    }

    private static string ValidName(PluginKind kind, string name) =>
        kind.IsValidName(name) ? name : throw new FormatException($"invalid {kind.Noun} name '{name}': expected {kind.NameRule}");

    private static Uri ParseUrl(string? option, string? variable)
    {
        var (text, source) = option is not null
            ? (option, "--url")
            : !string.IsNullOrEmpty(variable) ? (variable, "$" + UrlVariable) : (DefaultUrl, "default");
        return Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new FormatException($"{source} '{text}' is not an http:// or https:// URL");
    }
}
