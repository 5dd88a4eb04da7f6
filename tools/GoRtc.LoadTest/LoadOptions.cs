using System.Globalization;

namespace GoRtc.LoadTest;

/// <summary>What one operation is.</summary>
internal enum LoadMode
{
    /// <summary>MESSAGE to <c>Recv_MESSAGE</c> → 200: one non-INVITE transaction.</summary>
    Message,

    /// <summary>INVITE to <c>Recv_INVITE_Session_Timeout</c> → 180 → 200, ACK, BYE → 200: one whole dialog.</summary>
    Dialog,
}

/// <summary>Command line of the load tool.</summary>
internal sealed class LoadOptions
{
    public const string Usage = """
        GoRtc.LoadTest: closed-loop JSIP load over real WebSockets.

        Usage: dotnet GoRtc.LoadTest.dll [options]
          --url URL             WebSocket endpoint, e.g. ws://127.0.0.1:8080/rtc (repeatable; connections are
                                spread round-robin over the URLs; ?userid=… is appended). Default ws://127.0.0.1:8080/rtc
          --mode message|dialog message: MESSAGE Recv_MESSAGE → 200.
                                dialog:  INVITE Recv_INVITE_Session_Timeout → 180, 200; ACK; BYE → 200.
          --connections C       WebSocket connections (default 100)
          --outstanding W       operations kept in flight per connection (default 1)
          --duration T          measured window (default 10s; units ms, s, m; a bare number is seconds)
          --warmup T            load before the measured window, not counted (default 2s)
          --timeout T           an operation not complete after T is a timeout and is abandoned (default 10s)
          --pid N               a server process to sample (CPU %, RSS) over the measured window (repeatable)
          --userid-prefix P     connection i uses userid P-i@gortc.com (default load)
          --connect-parallelism N  handshakes in flight while connecting (default 32)
          --router R            a Router header on MESSAGE and INVITE, to pick the SLP (e.g. "gortc.com;type=echo");
                                default none (the conformance SLP loaded as default)
          --json                print the result as one JSON object instead of text
          -h, --help            this text

        Exit code: 0 when there was no error, 1 when there was any, 2 on a usage error.
        """;

    public List<Uri> Urls { get; } = [];

    public LoadMode Mode { get; private set; } = LoadMode.Message;

    public int Connections { get; private set; } = 100;

    public int Outstanding { get; private set; } = 1;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(2);

    public TimeSpan OperationTimeout { get; private set; } = TimeSpan.FromSeconds(10);

    public List<int> Pids { get; } = [];

    public string UserIdPrefix { get; private set; } = "load";

    public int ConnectParallelism { get; private set; } = 32;

    public bool Json { get; private set; }

    /// <summary>Router header of the requests that open dialogues; null for none.</summary>
    public string? Router { get; private set; }

    public bool Help { get; private set; }

    /// <summary>Parses the command line; returns null and sets <paramref name="error"/> when it is not valid.</summary>
    public static LoadOptions? Parse(string[] args, out string? error)
    {
        var options = new LoadOptions();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inlineValue = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            string Next()
            {
                if (inlineValue is not null)
                {
                    return inlineValue;
                }

                if (i + 1 >= args.Length)
                {
                    throw new FormatException($"{arg} needs a value");
                }

                return args[++i];
            }

            try
            {
                switch (arg)
                {
                    case "-h" or "--help":
                        options.Help = true;
                        break;
                    case "--url":
                        var url = Next();
                        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "ws" && uri.Scheme != "wss"))
                        {
                            throw new FormatException($"--url {url}: expected ws://host:port/path");
                        }

                        options.Urls.Add(uri);
                        break;
                    case "--mode":
                        var mode = Next();
                        options.Mode = mode.ToUpperInvariant() switch
                        {
                            "MESSAGE" => LoadMode.Message,
                            "DIALOG" => LoadMode.Dialog,
                            _ => throw new FormatException($"--mode {mode}: expected message or dialog"),
                        };
                        break;
                    case "--connections":
                        options.Connections = PositiveInt(arg, Next());
                        break;
                    case "--outstanding":
                        options.Outstanding = PositiveInt(arg, Next());
                        break;
                    case "--duration":
                        options.Duration = ParseDuration(arg, Next(), allowZero: false);
                        break;
                    case "--warmup":
                        options.Warmup = ParseDuration(arg, Next(), allowZero: true);
                        break;
                    case "--timeout":
                        options.OperationTimeout = ParseDuration(arg, Next(), allowZero: false);
                        break;
                    case "--pid":
                        options.Pids.Add(PositiveInt(arg, Next()));
                        break;
                    case "--userid-prefix":
                        var prefix = Next();
                        options.UserIdPrefix = prefix.Length > 0 ? prefix : throw new FormatException("--userid-prefix must not be empty");
                        break;
                    case "--connect-parallelism":
                        options.ConnectParallelism = PositiveInt(arg, Next());
                        break;
                    case "--json":
                        options.Json = true;
                        break;
                    case "--router":
                        var router = Next();
                        options.Router = router.Length > 0 ? router : throw new FormatException("--router must not be empty");
                        break;
                    default:
                        throw new FormatException($"unknown option {arg}");
                }
            }
            catch (FormatException ex)
            {
                error = ex.Message;
                return null;
            }
        }

        if (options.Urls.Count == 0)
        {
            options.Urls.Add(new Uri("ws://127.0.0.1:8080/rtc"));
        }

        if ((long)options.Connections * options.Outstanding > 10_000_000)
        {
            error = "--connections × --outstanding is too large";
            return null;
        }

        return options;
    }

    private static int PositiveInt(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"{name} {value}: expected a positive integer");

    /// <summary>Parses <c>10s</c>, <c>500ms</c>, <c>2m</c>, <c>1.5s</c> or a bare number of seconds.</summary>
    public static TimeSpan ParseDuration(string name, string value, bool allowZero)
    {
        var text = value.Trim();
        double scale;
        if (text.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
        {
            scale = 0.001;
            text = text[..^2];
        }
        else if (text.EndsWith('s') || text.EndsWith('S'))
        {
            scale = 1;
            text = text[..^1];
        }
        else if (text.EndsWith('m') || text.EndsWith('M'))
        {
            scale = 60;
            text = text[..^1];
        }
        else
        {
            scale = 1;
        }

        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            || double.IsNaN(number) || number < 0 || (!allowZero && number == 0) || number * scale > 86_400)
        {
            throw new FormatException($"{name} {value}: expected a duration such as 10s, 500ms or 2m");
        }

        return TimeSpan.FromSeconds(number * scale);
    }
}
