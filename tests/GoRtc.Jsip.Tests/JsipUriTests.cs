namespace GoRtc.Jsip.Tests;

/// <summary>URI syntax of spec §1.4.</summary>
public sealed class JsipUriTests
{
    [Fact]
    public void User_part_may_contain_a_colon()
    {
        var uri = JsipUri.Parse("room:test1@gortc.com");

        Assert.Equal("room:test1", uri.User);
        Assert.Equal("gortc.com", uri.Host);
        Assert.Null(uri.Port);
        Assert.Empty(uri.Parameters);
        Assert.Equal("room:test1@gortc.com", uri.UserHost);
        Assert.Equal("gortc.com", uri.HostPort);
        Assert.Equal("room:test1@gortc.com", uri.ToString());
    }

    [Fact]
    public void Parameters_follow_the_first_semicolon()
    {
        var uri = JsipUri.Parse("gortc.com;type=test");

        Assert.Null(uri.User);
        Assert.Equal("gortc.com", uri.Host);
        Assert.Equal("test", uri.GetParameter("type"));
        Assert.Null(uri.GetParameter("relid"));
        Assert.Equal("gortc.com", uri.UserHost);
    }

    [Theory]
    [InlineData("chatroom.test.com")]
    [InlineData("Recv_INVITE")]
    [InlineData("Alex")]
    public void Bare_name_is_a_host(string text)
    {
        var uri = JsipUri.Parse(text);

        Assert.Null(uri.User);
        Assert.Equal(text, uri.Host);
        Assert.Equal(text, uri.ToString());
    }

    [Fact]
    public void Host_part_is_split_at_the_first_colon_into_host_and_port()
    {
        var uri = JsipUri.Parse("  Bob@gortc.com:8080;relid=42 ");

        Assert.Equal("Bob", uri.User);
        Assert.Equal("gortc.com", uri.Host);
        Assert.Equal(8080, uri.Port);
        Assert.Equal("gortc.com:8080", uri.HostPort);
        Assert.Equal("Bob@gortc.com", uri.UserHost);
        Assert.Equal("42", uri.GetParameter("relid"));
        Assert.Equal("Bob@gortc.com:8080;relid=42", uri.ToString());
    }

    [Theory]
    [InlineData("host:0", 0)]
    [InlineData("host:65535", 65535)]
    [InlineData("host:+80", 80)]
    [InlineData("host:0080", 80)]
    public void Port_is_a_decimal_integer_from_0_to_65535(string text, int port) =>
        Assert.Equal(port, JsipUri.Parse(text).Port);

    [Fact]
    public void Parameter_pieces_are_trimmed_blank_ones_skipped_and_split_at_the_first_equals()
    {
        var uri = JsipUri.Parse("h;; a=b=c ;flag; ;x=");

        Assert.Equal("b=c", uri.GetParameter("a"));
        Assert.Equal(string.Empty, uri.GetParameter("flag"));
        Assert.Equal(string.Empty, uri.GetParameter("x"));
        Assert.Equal(3, uri.Parameters.Count);
        Assert.Equal("h;a=b=c;flag;x", uri.ToString());
    }

    [Fact]
    public void Later_duplicate_parameter_overwrites_the_earlier()
    {
        var uri = JsipUri.Parse("h;type=a;relid=1;type=b");

        Assert.Equal("b", uri.GetParameter("type"));
        Assert.Equal("h;type=b;relid=1", uri.ToString());
    }

    [Fact]
    public void Parameter_keys_are_case_sensitive()
    {
        var uri = JsipUri.Parse("h;Type=a");

        Assert.Null(uri.GetParameter("type"));
        Assert.Equal("a", uri.GetParameter("Type"));
    }

    [Fact]
    public void At_sign_inside_parameters_is_allowed() =>
        Assert.Equal("a@b", JsipUri.Parse("h;x=a@b").GetParameter("x"));

    [Theory]
    [InlineData("", "Null uri")]
    [InlineData("   ", "Null uri")]
    [InlineData(null, "Null uri")]
    [InlineData("a@b@c", "Error hostpart")]
    [InlineData("room:x", "Port not int")]
    [InlineData("host:", "Port not int")]
    [InlineData("host: 80", "Port not int")]
    [InlineData("host:80:90", "Port not int")]
    [InlineData("host:99999999999999999999", "Port not int")]
    [InlineData("host:70000", "Invalid port")]
    [InlineData("host:-1", "Invalid port")]
    [InlineData(";relid=x", "Null hostport")]
    [InlineData("user@", "Null hostport")]
    [InlineData("user@ ;type=x", "Null hostport")]
    [InlineData(":5060", "Null hostport")]
    public void Malformed_URI_is_refused_with_the_reference_error_text(string? text, string error)
    {
        Assert.False(JsipUri.TryParse(text, out var uri, out var actual));

        Assert.Null(uri);
        Assert.Equal(error, actual);
        if (text is not null)
        {
            Assert.Throws<FormatException>(() => JsipUri.Parse(text));
        }
    }

    [Fact]
    public void Empty_user_before_at_sign_means_no_user()
    {
        var uri = JsipUri.Parse("@gortc.com");

        Assert.Null(uri.User);
        Assert.Equal("gortc.com", uri.UserHost);
    }

    [Theory]
    [InlineData("room:test1@gortc.com")]
    [InlineData("gortc.com;type=test")]
    [InlineData("Bob@gortc.com:8080;relid=42;flag")]
    public void Canonical_text_parses_to_the_same_URI(string text)
    {
        var uri = JsipUri.Parse(text);

        var again = JsipUri.Parse(uri.ToString());

        Assert.Equal(uri.ToString(), again.ToString());
        Assert.Equal(text, uri.ToString());
    }

    [Fact]
    public void Parameters_cannot_be_changed_through_the_interface() =>
        Assert.False(JsipUri.Parse("h;a=1").Parameters is IDictionary<string, string> { IsReadOnly: false });
}
