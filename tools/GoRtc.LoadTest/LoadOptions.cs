using System.Globalization;

namespace GoRtc.LoadTest;

/// <summary>What one operation is.</summary>
internal enum LoadMode
{
    /// <summary>MESSAGE to <c>Recv_MESSAGE</c> → 200: one non-INVITE transaction.</summary>
    Message,

    /// <summary>INVITE to <c>Recv_INVITE_Session_Timeout</c> → 180 → 200, ACK, BYE → 200: one whole dialog.</summary>
    Dialog,

    /// <summary>
    /// MESSAGE to a chat room (chatroom SLP) → 200, and its delivery to every other member of the room, each answered
    /// 200 by that member: one operation ends when the sender has its 200 and the last member has its copy.
    /// </summary>
    Chat,

    /// <summary>Connections only, held open: what an idle WebSocket costs the server.</summary>
    Idle,
}

/// <summary>Command line of the load tool.</summary>
internal sealed class LoadOptions
{
    public const string Usage = """
        GoRtc.LoadTest: closed-loop JSIP load over real WebSockets.

        Usage: dotnet GoRtc.LoadTest.dll [options]
          --url URL             WebSocket endpoint, e.g. ws://127.0.0.1:8080/rtc (repeatable; connections are
                                spread round-robin over the URLs; ?userid=… is appended). Default ws://127.0.0.1:8080/rtc
          --mode M              message: MESSAGE Recv_MESSAGE → 200 (conformance SLP).
                                dialog:  INVITE Recv_INVITE_Session_Timeout → 180, 200; ACK; BYE → 200.
                                chat:    every connection SUBSCRIBEs to its room (rooms of --room-size members),
                                         then sends MESSAGEs to it; one operation = MESSAGE → 200 and the copy
                                         received (and answered 200) by every other member of the room.
                                idle:    open the connections and hold them for --duration; reports each server
                                         process's RSS growth per connection (RSS at the end minus RSS before
                                         connecting, over the connections).
          --connections C       WebSocket connections (default 100)
          --outstanding W       operations kept in flight per connection (default 1)
          --duration T          measured window (default 10s; units ms, s, m; a bare number is seconds)
          --warmup T            load before the measured window, not counted (default 2s)
          --timeout T           an operation not complete after T is a timeout and is abandoned (default 10s)
          --pid [ROLE=]N        a server process to sample (CPU %, CPU µs per operation, RSS) over the measured
                                window (repeatable; processes with the same ROLE, e.g. gateway=12 gateway=13, are
                                also summed per role)
          --room-size R         chat: members per room (default 10; --connections must be a multiple of R)
          --interval T          measured window split into windows of T to show whether the rate stays flat
                                (default 10s)
          --local-address A     a local IP to connect from, e.g. 127.0.0.2 (repeatable; connections are spread
                                over them): more than ~28,000 sockets to one server port need several
          --markdown FILE       also append the result as a Markdown table row to FILE (header first if new)
          --userid-prefix P     connection i uses userid P-i@gortc.com (default load)
          --connect-parallelism N  handshakes in flight while connecting (default 32)
          --router R            a Router header on MESSAGE and INVITE, to pick the SLP (e.g. "gortc.com;type=echo");
                                default none (the conformance SLP loaded as default); chat: gortc.com;type=chatroom
          --json                print the result as one JSON object instead of text
          -h, --help            this text

        Exit code: 0 when there was no error, 1 when there was any, 2 on a usage error.
        """;

    /// <summary>The Router that selects the chatroom SLP (spec §8 service, loaded as <c>chatroom</c>).</summary>
    public const string ChatRouter = "gortc.com;type=chatroom";

    public List<Uri> Urls { get; } = [];

    public LoadMode Mode { get; private set; } = LoadMode.Message;

    public int Connections { get; private set; } = 100;

    public int Outstanding { get; private set; } = 1;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(2);

    public TimeSpan OperationTimeout { get; private set; } = TimeSpan.FromSeconds(10);

    public List<ProcessTarget> Pids { get; } = [];

    /// <summary>Chat: members per room.</summary>
    public int RoomSize { get; private set; } = 10;

    /// <summary>Length of the windows the measured window is split into (throughput over time).</summary>
    public TimeSpan Interval { get; private set; } = TimeSpan.FromSeconds(10);

    /// <summary>Local addresses to connect from (empty: the system picks).</summary>
    public List<System.Net.IPAddress> LocalAddresses { get; } = [];

    /// <summary>A file to append a Markdown row to; null for none.</summary>
    public string? MarkdownFile { get; private set; }

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
                            "CHAT" => LoadMode.Chat,
                            "IDLE" => LoadMode.Idle,
                            _ => throw new FormatException($"--mode {mode}: expected message, dialog, chat or idle"),
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
                        options.Pids.Add(ProcessTarget.Parse(Next()));
                        break;
                    case "--room-size":
                        options.RoomSize = PositiveInt(arg, Next());
                        break;
                    case "--interval":
                        options.Interval = ParseDuration(arg, Next(), allowZero: false);
                        break;
                    case "--local-address":
                        var address = Next();
                        options.LocalAddresses.Add(System.Net.IPAddress.TryParse(address, out var ip)
                            ? ip
                            : throw new FormatException($"--local-address {address}: expected an IP address"));
                        break;
                    case "--markdown":
                        var file = Next();
                        options.MarkdownFile = file.Length > 0 ? file : throw new FormatException("--markdown needs a file name");
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

        if (options.Mode == LoadMode.Chat)
        {
            if (options.RoomSize < 2)
            {
                error = "--room-size must be at least 2 (a chat needs someone to deliver to)";
                return null;
            }

            if (options.Connections % options.RoomSize != 0)
            {
                error = $"--connections {options.Connections} is not a multiple of --room-size {options.RoomSize}";
                return null;
            }

            options.Router ??= ChatRouter;
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
