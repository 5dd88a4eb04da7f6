using System.Net;

namespace GoRtc.LoadTest.Tests;

public sealed class LoadOptionsTests
{
    [Fact]
    public void Defaults_are_one_local_gateway_message_mode_100_connections()
    {
        var options = Parse();

        Assert.Equal([new Uri("ws://127.0.0.1:8080/rtc")], options.Urls);
        Assert.Equal(LoadMode.Message, options.Mode);
        Assert.Equal(100, options.Connections);
        Assert.Equal(1, options.Outstanding);
        Assert.Null(options.Router);
        Assert.Empty(options.Pids);
    }

    [Fact]
    public void Several_urls_are_kept_in_order()
    {
        var options = Parse("--url", "ws://127.0.0.1:1/rtc", "--url=ws://127.0.0.1:2/rtc");

        Assert.Equal([new Uri("ws://127.0.0.1:1/rtc"), new Uri("ws://127.0.0.1:2/rtc")], options.Urls);
    }

    [Theory]
    [InlineData("message", "Message")]
    [InlineData("DIALOG", "Dialog")]
    [InlineData("idle", "Idle")]
    public void Modes_are_read_case_insensitively(string text, string expected) =>
        Assert.Equal(expected, Parse("--mode", text).Mode.ToString());

    [Fact]
    public void Chat_defaults_to_rooms_of_10_and_the_chatroom_router()
    {
        var options = Parse("--mode", "chat", "--connections", "20");

        Assert.Equal(LoadMode.Chat, options.Mode);
        Assert.Equal(10, options.RoomSize);
        Assert.Equal("gortc.com;type=chatroom", options.Router);
    }

    [Fact]
    public void Chat_keeps_an_explicit_router()
    {
        var options = Parse("--mode", "chat", "--connections", "4", "--room-size", "2", "--router", "gortc.com;type=room2");

        Assert.Equal("gortc.com;type=room2", options.Router);
    }

    [Theory]
    [InlineData("25", "10", "not a multiple of --room-size")]
    [InlineData("10", "1", "at least 2")]
    public void Chat_rooms_must_divide_the_connections_and_have_two_members(string connections, string roomSize, string expected)
    {
        var options = LoadOptions.Parse(["--mode", "chat", "--connections", connections, "--room-size", roomSize], out var error);

        Assert.Null(options);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Pids_carry_their_role_or_a_default_one()
    {
        var options = Parse("--pid", "gateway=12", "--pid", "34", "--pid=silo=56");

        Assert.Equal([new ProcessTarget("gateway", 12), new ProcessTarget("pid 34", 34), new ProcessTarget("silo", 56)], options.Pids);
    }

    [Theory]
    [InlineData("gateway=")]
    [InlineData("=12")]
    [InlineData("-3")]
    [InlineData("gateway=x")]
    public void A_bad_pid_is_a_usage_error(string value)
    {
        Assert.Null(LoadOptions.Parse(["--pid", value], out var error));
        Assert.Contains("--pid", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("500ms", 500)]
    [InlineData("2m", 120_000)]
    [InlineData("1.5", 1_500)]
    public void Durations_take_units(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Parse("--duration", text).Duration);

    [Theory]
    [InlineData("--duration", "0")]
    [InlineData("--duration", "ten")]
    [InlineData("--interval", "-1s")]
    [InlineData("--connections", "0")]
    [InlineData("--outstanding", "x")]
    [InlineData("--url", "http://127.0.0.1/rtc")]
    [InlineData("--local-address", "localhost")]
    [InlineData("--mode", "flood")]
    [InlineData("--frobnicate", "1")]
    public void Bad_values_are_refused_with_the_option_named(string option, string value)
    {
        Assert.Null(LoadOptions.Parse([option, value], out var error));
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_option_without_its_value_is_refused()
    {
        Assert.Null(LoadOptions.Parse(["--connections"], out var error));
        Assert.Equal("--connections needs a value", error);
    }

    [Fact]
    public void Local_addresses_interval_and_markdown_file_are_read()
    {
        var options = Parse("--local-address", "127.0.0.2", "--local-address", "127.0.0.3", "--interval", "5s", "--markdown", "out.md");

        Assert.Equal([IPAddress.Parse("127.0.0.2"), IPAddress.Parse("127.0.0.3")], options.LocalAddresses);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Interval);
        Assert.Equal("out.md", options.MarkdownFile);
    }

    private static LoadOptions Parse(params string[] args)
    {
        var options = LoadOptions.Parse(args, out var error);
        Assert.True(options is not null, error);
        return options;
    }
}
