using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using GoRtc.Grains.Plugins;
using GoRtc.Silo.Plugins;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace GoRtc.Gateway.Rest;

/// <summary>
/// <c>/slpm/v1/…</c> and <c>/apim/v1/…</c> (spec §6.3): list, load (a file from the plugins folder, or bytes in the
/// body) and delete plugins, in JSON with real status codes, or the reference's text with <c>Accept: text/plain</c>.
/// One implementation serves both kinds; only names and built-ins differ.
/// </summary>
internal sealed class PluginManagementEndpoints
{
    private const string Dashes = "------------------------------------------------------------";
    private readonly string _kind;
    private readonly string _label;

    private PluginManagementEndpoints(string kind)
    {
        _kind = kind;
        _label = kind == PluginKinds.Slp ? "SLP" : "API";
    }

    public static void Map(IEndpointRouteBuilder api)
    {
        new PluginManagementEndpoints(PluginKinds.Slp).Map(api, "/slpm/v1", "slps");
        new PluginManagementEndpoints(PluginKinds.Api).Map(api, "/apim/v1", "apis");
    }

    private void Map(IEndpointRouteBuilder api, string prefix, string list)
    {
        api.MapGet($"{prefix}/{list}", ListAsync);
        api.MapGet($"{prefix}/{{**other}}", (HttpContext context, string other) =>
            Problems.Create(context, StatusCodes.Status404NotFound, $"{prefix}/{other} is not a resource; try GET {prefix}/{list}"));
        api.MapPost($"{prefix}/{{name}}", LoadAsync);
        api.MapDelete($"{prefix}/{{name}}", DeleteAsync);
    }

    private async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains)
    {
        var entries = await grains.GetGrain<IPluginManagerGrain>(0).List(_kind);
        var views = entries.Select(PluginView.From).ToList();
        if (_kind == PluginKinds.Api)
        {
            views.AddRange(PluginNames.BuiltInApis.Order(StringComparer.Ordinal).Select(PluginView.ForBuiltIn));
        }

        if (Problems.WantsText(context))
        {
            return Results.Text(_kind == PluginKinds.Slp ? SlpTable(views) : ApiTable(views), "text/plain; charset=utf-8");
        }

        return _kind == PluginKinds.Slp
            ? Results.Json(new SlpList(views), ManagementJsonContext.Default.SlpList)
            : Results.Json(new ApiList(views), ManagementJsonContext.Default.ApiList);
    }

    private async Task<IResult> LoadAsync(HttpContext context, string name, IGrainFactory grains, IOptions<PluginOptions> options)
    {
        var kind = _kind == PluginKinds.Slp ? PluginKind.Slp : PluginKind.Api;
        var file = context.Request.Query["file"].ToString();
        if (PluginNames.Validate(kind, name) is { } badName)
        {
            return Problems.Create(context, StatusCodes.Status400BadRequest, badName);
        }

        if (kind == PluginKind.Api && PluginNames.BuiltInApis.Contains(name))
        {
            return Problems.Create(context, StatusCodes.Status409Conflict, $"{name} is built in; it cannot be replaced");
        }

        var manager = grains.GetGrain<IPluginManagerGrain>(0);
        PluginChange change;
        if (HasBody(context.Request))
        {
            var upload = await ReadUploadAsync(context, name, file, options.Value.MaxBytes);
            if (upload.Error is not null)
            {
                return upload.Error;
            }

            change = await manager.Upload(_kind, name, upload.File!, upload.Content!);
            file = upload.File!;
        }
        else if (!string.IsNullOrEmpty(file))
        {
            change = await manager.LoadFile(_kind, name, file);
        }
        else
        {
            return Problems.Create(context, StatusCodes.Status400BadRequest,
                "give the plugin as the request body (application/octet-stream or application/zip) or name a file of the plugins folder with ?file=");
        }

        if (change.Status != PluginChangeStatus.Loaded)
        {
            return Failure(context, change, name, file);
        }

        var entry = change.Entry!;
        var status = entry.PendingSilos.Length == 0 ? StatusCodes.Status201Created : StatusCodes.Status202Accepted;
        if (Problems.WantsText(context))
        {
            return Results.Text($"Load {_label} {name} {file} successd\n", "text/plain; charset=utf-8", statusCode: status);
        }

        return Results.Json(PluginView.From(entry), ManagementJsonContext.Default.PluginView, statusCode: status);
    }

    private async Task<IResult> DeleteAsync(HttpContext context, string name, IGrainFactory grains)
    {
        var kind = _kind == PluginKinds.Slp ? PluginKind.Slp : PluginKind.Api;
        if (PluginNames.Validate(kind, name) is { } badName)
        {
            return Problems.Create(context, StatusCodes.Status400BadRequest, badName);
        }

        if (kind == PluginKind.Api && PluginNames.BuiltInApis.Contains(name))
        {
            return Problems.Create(context, StatusCodes.Status409Conflict, $"{name} is built in; it cannot be deleted");
        }

        var change = await grains.GetGrain<IPluginManagerGrain>(0).Delete(_kind, name);
        if (change.Status != PluginChangeStatus.Deleted)
        {
            return Failure(context, change, name, string.Empty);
        }

        return Problems.WantsText(context)
            ? Results.Text($"Delete {_label} {name} successd\n", "text/plain; charset=utf-8")
            : Results.NoContent();
    }

    private IResult Failure(HttpContext context, PluginChange change, string name, string file)
    {
        var status = change.Status switch
        {
            PluginChangeStatus.NotFound or PluginChangeStatus.FileNotFound => StatusCodes.Status404NotFound,
            PluginChangeStatus.TooLarge => StatusCodes.Status413PayloadTooLarge,
            PluginChangeStatus.StoreFailed => StatusCodes.Status500InternalServerError,
            _ => StatusCodes.Status400BadRequest,
        };
        var detail = string.IsNullOrEmpty(file)
            ? change.Reason ?? $"{_label} {name} failed"
            : $"Load {_label} {name} {file} failed, {change.Reason}";
        return Problems.Create(context, status, detail);
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    /// <summary>Reads the body up to the limit; what is too big, or not a plugin type of content, is refused before any work.</summary>
    private async Task<(string? File, byte[]? Content, IResult? Error)> ReadUploadAsync(HttpContext context, string name, string file, int maxBytes)
    {
        var request = context.Request;
        var contentType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (contentType is not (null or "" or "application/octet-stream" or "application/zip" or "application/x-zip-compressed"
            or "application/x-msdownload" or "application/vnd.microsoft.portable-executable"))
        {
            return (null, null, Problems.Create(context, StatusCodes.Status415UnsupportedMediaType,
                $"a plugin is sent as application/octet-stream (an assembly) or application/zip, not {contentType}"));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, null, TooLarge(context, request.ContentLength.Value, maxBytes));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + 1L;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return (null, null, TooLarge(context, buffer.Length + read, maxBytes));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, null, TooLarge(context, maxBytes + 1L, maxBytes));
        }

        var content = buffer.ToArray();
        if (string.IsNullOrEmpty(file))
        {
            file = PluginPackageNaming.DefaultFileName(name, content);
        }

        return (file, content, null);
    }

    private IResult TooLarge(HttpContext context, long size, int maxBytes) =>
        Problems.Create(context, StatusCodes.Status413PayloadTooLarge,
            string.Create(CultureInfo.InvariantCulture, $"the {_label} plugin is larger than the limit of {maxBytes} bytes (Plugins:MaxBytes); got at least {size}"));

    private static string SlpTable(IEnumerable<PluginView> views)
    {
        // The reference's columns, then what GoRtc adds (version, current, sha256).
        var text = new StringBuilder("slp\t\tused\t\tusing\t\tfile\t\ttime\t\tversion\t\tcurrent\t\tsha256\n").Append(Dashes).Append('\n');
        foreach (var v in views)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{v.Name}\t{v.InstancesCreated}\t{v.InstancesAlive}\t{v.File}\t{v.LoadedAt?.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)}\t{v.Version}\t{v.Current}\t{v.Sha256}\n");
        }

        return text.Append(Dashes).Append('\n').ToString();
    }

    private static string ApiTable(IEnumerable<PluginView> views)
    {
        var text = new StringBuilder("api\t\tfile\t\tversion\t\tcurrent\t\tsha256\n").Append(Dashes).Append('\n');
        foreach (var v in views)
        {
            text.Append(CultureInfo.InvariantCulture, $"{v.Name}\t{v.File}\t{v.Version}\t{v.Current}\t{v.Sha256}\n");
        }

        return text.Append(Dashes).Append('\n').ToString();
    }
}

/// <summary>One plugin version in the management API's JSON.</summary>
internal sealed record PluginView(
    string Kind, string Name, int Version, string File, string Sha256, long Size, DateTimeOffset? UploadedAt, bool Current,
    DateTimeOffset? LoadedAt, long InstancesCreated, long InstancesAlive, string[] Silos, PluginSiloError[] Errors, string[] PendingSilos,
    bool BuiltIn)
{
    public static PluginView From(PluginEntry e) => new(e.Kind, e.Name, e.Version, e.File, e.Sha256, e.Size, e.UploadedAt, e.Current,
        e.LoadedAt, e.InstancesCreated, e.InstancesAlive, e.Silos, e.Errors, e.PendingSilos, BuiltIn: false);

    public static PluginView ForBuiltIn(string name) => new(PluginKinds.Api, name, 0, string.Empty, string.Empty, 0, null, true, null, 0, 0, [], [], [], BuiltIn: true);
}

internal sealed record SlpList(IReadOnlyList<PluginView> Slps);

internal sealed record ApiList(IReadOnlyList<PluginView> Apis);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SlpList))]
[JsonSerializable(typeof(ApiList))]
[JsonSerializable(typeof(PluginView))]
internal sealed partial class ManagementJsonContext : JsonSerializerContext;
