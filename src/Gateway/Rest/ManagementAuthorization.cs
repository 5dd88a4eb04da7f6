using System.Security.Cryptography;
using System.Text;
using GoRtc.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace GoRtc.Gateway.Rest;

/// <summary>
/// Guards the management endpoints with <c>Authorization: Bearer &lt;token&gt;</c> when a token is configured:
/// 401 (with <c>WWW-Authenticate</c>) without credentials, 403 with the wrong ones. The comparison takes the same
/// time whatever the token, so it leaks nothing about it.
/// </summary>
internal sealed class ManagementAuthorization : IEndpointFilter
{
    private readonly byte[]? _token;

    public ManagementAuthorization(IOptions<ApiOptions> options)
    {
        var token = options.Value.Token;
        _token = string.IsNullOrEmpty(token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (_token is null)
        {
            return next(context);
        }

        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"gortc\"";
            return ValueTask.FromResult<object?>(Problems.Create(http, StatusCodes.Status401Unauthorized,
                "a bearer token is required: Authorization: Bearer <token>"));
        }

        var offered = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(offered, _token)
            ? next(context)
            : ValueTask.FromResult<object?>(Problems.Create(http, StatusCodes.Status403Forbidden, "the bearer token is not valid"));
    }
}
