using System.Net;
using System.Text.Json;
using GoRtc.Gateway.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Xunit;

namespace GoRtc.Gateway.Tests;

/// <summary>The management API's answer to a failure its endpoint did not foresee, through ASP.NET Core's pipeline.</summary>
public sealed class UnexpectedErrorHandlerTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<UnexpectedErrorHandler>();
        _app = builder.Build();
        _app.UseExceptionHandler();
        _app.MapGet("/slow-cluster", string () => throw new TimeoutException("Response did not arrive on time"));
        _app.MapGet("/dead-silo", string () => throw new SiloUnavailableException());
        _app.MapGet("/silo-failed", string () => throw new OrleansException("a management call failed"));
        _app.MapGet("/bug", string () => throw new InvalidOperationException("a bug"));
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("/slow-cluster")]
    [InlineData("/dead-silo")]
    [InlineData("/silo-failed")]
    public async Task Cluster_that_did_not_answer_is_503_problem_with_retry_after(string path)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Equal(UnexpectedErrorHandler.UnavailableDetail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Fault_of_the_server_is_500_problem_without_its_internals()
    {
        using var response = await _client.GetAsync("/bug");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(UnexpectedErrorHandler.FailedDetail, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
        Assert.DoesNotContain("a bug", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_that_asked_for_text_gets_the_detail_as_one_line()
    {
        using var response = await _client.GetAsync("/slow-cluster?format=text");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(UnexpectedErrorHandler.UnavailableDetail + "\n", await response.Content.ReadAsStringAsync());
    }
}
