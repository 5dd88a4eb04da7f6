namespace GoRtc.Cli.Tests;

public sealed class CommandLineTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public void Push_takes_path_name_and_defaults_to_release()
    {
        var line = Parse("plugin", "push", "samples/Relay", "--name", "relay");

        var push = Assert.IsType<PushCommand>(line.Command);
        Assert.Same(PluginKind.Slp, push.Kind);
        Assert.Equal("samples/Relay", push.Path);
        Assert.Equal("relay", push.Name);
        Assert.Equal("Release", push.Configuration);
    }

    [Fact]
    public void Options_may_come_before_or_after_the_command_and_use_equals()
    {
        var line = Parse("--url=https://gortc.example:8443/admin", "api", "push", "--name=chat.v2", "-c", "Debug", "out/Chat.dll", "--token", "s3cret");

        var push = Assert.IsType<PushCommand>(line.Command);
        Assert.Same(PluginKind.Api, push.Kind);
        Assert.Equal("out/Chat.dll", push.Path);
        Assert.Equal("chat.v2", push.Name);
        Assert.Equal("Debug", push.Configuration);
        Assert.Equal(new Uri("https://gortc.example:8443/admin"), line.BaseUrl);
        Assert.Equal("s3cret", line.Token);
    }

    [Fact]
    public void Url_and_token_default_to_the_environment_then_to_loopback()
    {
        var fromDefault = Parse("plugin", "ls");
        Assert.Equal(new Uri(CommandLine.DefaultUrl), fromDefault.BaseUrl);
        Assert.Null(fromDefault.Token);

        var environment = new Dictionary<string, string>
        {
            [CommandLine.UrlVariable] = "http://10.0.0.7:2539",
            [CommandLine.TokenVariable] = "from-env",
        };
        var fromEnvironment = Parse(environment, "plugin", "ls");
        Assert.Equal(new Uri("http://10.0.0.7:2539"), fromEnvironment.BaseUrl);
        Assert.Equal("from-env", fromEnvironment.Token);

        var overridden = Parse(environment, "--url", "http://other:1", "--token", "cli", "plugin", "ls");
        Assert.Equal(new Uri("http://other:1"), overridden.BaseUrl);
        Assert.Equal("cli", overridden.Token);
    }

    [Fact]
    public void An_empty_token_variable_sends_no_token()
    {
        var line = Parse(new Dictionary<string, string> { [CommandLine.TokenVariable] = string.Empty }, "api", "ls");

        Assert.Null(line.Token);
    }

    [Theory]
    [InlineData("plugin ls", "SLP", typeof(ListCommand))]
    [InlineData("plugin list", "SLP", typeof(ListCommand))]
    [InlineData("plugin rm relay", "SLP", typeof(RemoveCommand))]
    [InlineData("api ls", "API", typeof(ListCommand))]
    [InlineData("api rm chat.v1", "API", typeof(RemoveCommand))]
    public void Plugin_and_api_commands_parse(string text, string noun, Type expected)
    {
        var command = Parse(text.Split(' ')).Command;

        Assert.IsType(expected, command);
        var kind = command switch
        {
            ListCommand list => list.Kind,
            RemoveCommand remove => remove.Kind,
            _ => throw new InvalidOperationException(),
        };
        Assert.Equal(noun, kind.Noun);
    }

    [Theory]
    [InlineData("stack")]
    [InlineData("jstack")]
    [InlineData("distribute")]
    public void Runtime_views_parse(string view)
    {
        var runtime = Assert.IsType<RuntimeCommand>(Parse("runtime", view).Command);

        Assert.Equal(view, runtime.View);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    [InlineData("plugin push --help")]
    public void Help_is_a_command(string text) =>
        Assert.IsType<HelpCommand>(Parse(text.Split(' ')).Command);

    [Theory]
    [InlineData("", "no command given")]
    [InlineData("deploy", "unknown command 'deploy'")]
    [InlineData("plugin", "needs a subcommand")]
    [InlineData("plugin upload x", "unknown subcommand 'plugin upload'")]
    [InlineData("plugin push x", "plugin push needs --name")]
    [InlineData("plugin push --name relay", "missing argument")]
    [InlineData("plugin push a b --name relay", "unexpected argument 'b'")]
    [InlineData("plugin ls extra", "unexpected argument 'extra'")]
    [InlineData("plugin rm", "missing argument")]
    [InlineData("plugin ls --name relay", "--name only applies to push")]
    [InlineData("api rm chat.v1 -c Debug", "--configuration only applies to push")]
    [InlineData("runtime", "missing argument")]
    [InlineData("runtime heap", "unknown runtime view 'heap'")]
    [InlineData("runtime stack jstack", "unexpected argument 'jstack'")]
    [InlineData("plugin ls --verbose", "unknown option --verbose")]
    [InlineData("plugin ls --url", "--url needs a value")]
    [InlineData("plugin ls --url ftp://host", "is not an http:// or https:// URL")]
    [InlineData("plugin ls --url not-a-url", "is not an http:// or https:// URL")]
    [InlineData("plugin push x --name a --name b", "--name given twice")]
    [InlineData("plugin push x --name relay -c=", "unknown option -c=")]
    [InlineData("plugin push x --name relay --configuration=", "--configuration must not be empty")]
    [InlineData("plugin push x --name relay-2", "invalid SLP name 'relay-2'")]
    [InlineData("plugin rm chat.v1", "invalid SLP name 'chat.v1'")]
    [InlineData("api push x --name chat", "invalid API name 'chat'")]
    [InlineData("api rm chat.v0", "invalid API name 'chat.v0'")]
    public void Misuse_is_reported_in_one_line(string text, string expected)
    {
        var args = text.Length == 0 ? [] : text.Split(' ');

        var ok = CommandLine.TryParse(args, name => null, out var line, out var error);

        Assert.False(ok);
        Assert.Null(line);
        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void A_bad_url_in_the_environment_names_the_variable()
    {
        var environment = new Dictionary<string, string> { [CommandLine.UrlVariable] = "127.0.0.1:2539" };

        Assert.False(CommandLine.TryParse(["plugin", "ls"], environment.GetValueOrDefault, out _, out var error));
        Assert.StartsWith("$GORTC_URL '127.0.0.1:2539'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Misuse_exits_2_with_the_usage_on_stderr()
    {
        var (exitCode, stdout, stderr) = await CliProcess.RunAsync("plugin", "push", "samples/Relay", "--name", "no-dashes");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Empty(stdout);
        Assert.StartsWith("error: invalid SLP name 'no-dashes'", stderr, StringComparison.Ordinal);
        Assert.Contains("Usage: gortc", stderr, StringComparison.Ordinal);
    }

    private static CommandLine Parse(params string[] args) => Parse(NoEnvironment, args);

    private static CommandLine Parse(Dictionary<string, string> environment, params string[] args)
    {
        Assert.True(CommandLine.TryParse(args, environment.GetValueOrDefault, out var line, out var error), error);
        return line;
    }
}
