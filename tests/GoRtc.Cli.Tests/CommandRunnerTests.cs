using System.Net;

namespace GoRtc.Cli.Tests;

/// <summary>The client side of the management REST contract, from the command down to the bytes on the wire.</summary>
public sealed class CommandRunnerTests : IDisposable
{
    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private readonly string _folder = Directory.CreateTempSubdirectory("gortc-runner-").FullName;
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        _stdout.Dispose();
        _stderr.Dispose();
    }

    [Fact]
    public async Task Plugin_ls_gets_the_slp_list_with_the_bearer_token_and_prints_a_table()
    {
        var server = new FakeServer(_ => FakeServer.Json(HttpStatusCode.OK, $$"""
            {"slps":[{"name":"relay","version":3,"file":"GoRtc.Samples.Relay.dll","sha256":"{{Sha}}","size":20480,
              "uploadedAt":"2025-01-02T03:04:05Z","loadedAt":"2025-01-02T03:04:06+00:00","current":true,
              "instancesCreated":12,"instancesAlive":2,"silos":["silo-1"],"errors":[],"futureField":{"x":1} } ] }
            """));

        var exitCode = await RunAsync(server, new ListCommand(PluginKind.Slp), token: "s3cret");

        Assert.Equal(ExitCodes.Success, exitCode);
        var request = Assert.Single(server.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("http://gortc.test:2539/base/slpm/v1/slps", request.Uri.AbsoluteUri);
        Assert.Equal("Bearer s3cret", request.Authorization);
        var lines = _stdout.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("NAME ", lines[0], StringComparison.Ordinal);
        Assert.Equal(["relay", "3", "yes", "12", "2", "GoRtc.Samples.Relay.dll", "9f86d081884c", "silo-1"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(_stderr.ToString());
    }

    [Fact]
    public async Task Api_ls_reads_the_apis_key_and_sends_no_authorization_without_a_token()
    {
        var server = new FakeServer(_ => FakeServer.Json(HttpStatusCode.OK, """
            {"apis":[{"name":"chat.v1","version":"1","file":null,"sha256":null,"current":true,"builtIn":true,
              "instancesCreated":0,"instancesAlive":0,"silos":[{"name":"silo-1"},{"address":"10.0.0.2:11111"}]}]}
            """));

        var exitCode = await RunAsync(server, new ListCommand(PluginKind.Api));

        Assert.Equal(ExitCodes.Success, exitCode);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/base/apim/v1/apis", request.Uri.AbsolutePath);
        Assert.Null(request.Authorization);
        Assert.Contains("BUILTIN", _stdout.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("silo-1,10.0.0.2:11111" + Environment.NewLine, _stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plugin_push_of_a_dll_posts_its_bytes_as_octet_stream_and_reports_the_load()
    {
        var dll = Path.Combine(_folder, "Acme Echo.dll");
        await File.WriteAllBytesAsync(dll, [0x4d, 0x5a, 1, 2, 3]);
        var server = new FakeServer(_ => FakeServer.Json(
            HttpStatusCode.Created,
            $$"""{"name":"echo","version":4,"file":"Acme Echo.dll","sha256":"{{Sha}}","size":5,"silos":["a","b"]}"""));

        var exitCode = await RunAsync(server, new PushCommand(PluginKind.Slp, dll, "echo", "Release"));

        Assert.Equal(ExitCodes.Success, exitCode);
        var request = Assert.Single(server.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/base/slpm/v1/echo", request.Uri.AbsolutePath);
        Assert.Equal("?file=Acme%20Echo.dll", request.Uri.Query);
        Assert.Equal("application/octet-stream", request.ContentType);
        Assert.Equal([0x4d, 0x5a, 1, 2, 3], request.Body);
        Assert.Equal("Loaded SLP echo version 4 (9f86d081884c) on 2 silo(s)" + Environment.NewLine, _stdout.ToString());
    }

    [Fact]
    public async Task Api_push_of_a_zip_posts_it_as_application_zip_under_the_versioned_name()
    {
        var zip = Path.Combine(_folder, "Chat.zip");
        await File.WriteAllBytesAsync(zip, [0x50, 0x4b, 3, 4]);
        var server = new FakeServer(_ => FakeServer.Json(
            HttpStatusCode.Created,
            $$"""{"name":"chat.v2","version":"1","file":"Chat.zip","sha256":"{{Sha}}","size":4,"silos":["a"]}"""));

        var exitCode = await RunAsync(server, new PushCommand(PluginKind.Api, zip, "chat.v2", "Release"));

        Assert.Equal(ExitCodes.Success, exitCode);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/base/apim/v1/chat.v2", request.Uri.AbsolutePath);
        Assert.Equal("?file=Chat.zip", request.Uri.Query);
        Assert.Equal("application/zip", request.ContentType);
        Assert.Equal("Loaded API chat.v2 version 1 (9f86d081884c) on 1 silo(s)" + Environment.NewLine, _stdout.ToString());
    }

    [Fact]
    public async Task Push_of_a_missing_path_fails_before_anything_is_sent()
    {
        var server = new FakeServer(_ => throw new InvalidOperationException("nothing should be sent"));

        var exitCode = await RunAsync(server, new PushCommand(PluginKind.Slp, Path.Combine(_folder, "nope"), "echo", "Release"));

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Empty(server.Requests);
        Assert.Contains("no such file or folder", _stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plugin_rm_deletes_and_confirms()
    {
        var server = new FakeServer(_ => new HttpResponseMessage(HttpStatusCode.NoContent));

        var exitCode = await RunAsync(server, new RemoveCommand(PluginKind.Slp, "relay"));

        Assert.Equal(ExitCodes.Success, exitCode);
        var request = Assert.Single(server.Requests);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.Equal("/base/slpm/v1/relay", request.Uri.AbsolutePath);
        Assert.Equal("Deleted SLP relay" + Environment.NewLine, _stdout.ToString());
    }

    [Fact]
    public async Task A_problem_answer_prints_its_status_and_detail_and_exits_1()
    {
        var server = new FakeServer(_ => FakeServer.Problem(HttpStatusCode.NotFound, "SLP relay is not loaded"));

        var exitCode = await RunAsync(server, new RemoveCommand(PluginKind.Slp, "relay"));

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Equal("error: 404 SLP relay is not loaded" + Environment.NewLine, _stderr.ToString());
        Assert.Empty(_stdout.ToString());
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "missing or invalid token")]
    [InlineData(HttpStatusCode.Forbidden, "token may not manage APIs")]
    public async Task Refused_credentials_print_the_reason_and_exit_3(HttpStatusCode status, string detail)
    {
        var server = new FakeServer(_ => FakeServer.Problem(status, detail));

        var exitCode = await RunAsync(server, new ListCommand(PluginKind.Api), token: "wrong");

        Assert.Equal(ExitCodes.Unauthorized, exitCode);
        Assert.StartsWith($"error: {(int)status} {detail}", _stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_that_is_not_a_problem_falls_back_to_the_reason_phrase()
    {
        var server = new FakeServer(_ => new HttpResponseMessage(HttpStatusCode.BadGateway)
        {
            ReasonPhrase = "Bad Gateway",
            Content = new StringContent("<html><body>upstream down</body></html>", System.Text.Encoding.UTF8, "text/html"),
        });

        var exitCode = await RunAsync(server, new ListCommand(PluginKind.Slp));

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Equal("error: 502 Bad Gateway" + Environment.NewLine, _stderr.ToString());
    }

    [Fact]
    public async Task A_success_with_a_body_that_is_not_the_contract_is_an_error_not_a_crash()
    {
        var server = new FakeServer(_ => FakeServer.Json(HttpStatusCode.OK, """{"slps":"nope"}"""));

        var exitCode = await RunAsync(server, new ListCommand(PluginKind.Slp));

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.StartsWith("error: 200 the server's answer is not the expected JSON", _stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runtime_views_are_fetched_as_plain_text_and_printed_as_is()
    {
        var server = new FakeServer(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("silo-1\n  grain DialogGrain/abc  busy 3 ms\n", System.Text.Encoding.UTF8, "text/plain"),
        });

        var exitCode = await RunAsync(server, new RuntimeCommand("jstack"));

        Assert.Equal(ExitCodes.Success, exitCode);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/base/runtime/v1/jstack", request.Uri.AbsolutePath);
        Assert.Equal("text/plain", request.Accept);
        Assert.Equal("silo-1\n  grain DialogGrain/abc  busy 3 ms\n", _stdout.ToString());
    }

    [Fact]
    public async Task An_unreachable_server_is_reported_with_its_address_and_exits_1()
    {
        var port = GoRtc.Testing.FreePort.Next();

        var (exitCode, stdout, stderr) = await CliProcess.RunAsync("plugin", "ls", "--url", $"http://127.0.0.1:{port}");

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Empty(stdout);
        Assert.StartsWith($"error: cannot reach http://127.0.0.1:{port}/", stderr, StringComparison.Ordinal);
    }

    private async Task<int> RunAsync(FakeServer server, CliCommand command, string? token = null)
    {
        using var http = ManagementClient.CreateHttpClient(new Uri("http://gortc.test:2539/base"), token, server);
        var runner = new CommandRunner(new ManagementClient(http), new PluginBuilder(new DotnetCli(), _stderr), _stdout, _stderr);
        return await runner.RunAsync(command, CancellationToken.None);
    }
}
