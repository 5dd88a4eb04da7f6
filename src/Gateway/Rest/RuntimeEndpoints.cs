using System.Text;
using System.Text.Json.Serialization;
using GoRtc.Gateway.Connections;
using GoRtc.Silo.Dialogs;
using GoRtc.Silo.Slps;
using GoRtc.Silo.Users;
using Orleans.Runtime;

namespace GoRtc.Gateway.Rest;

/// <summary>
/// <c>/runtime/v1/…</c>: what is live in the cluster. JSON by default; the reference's text with
/// <c>Accept: text/plain</c> or <c>?format=text</c>.
/// </summary>
internal static class RuntimeEndpoints
{
    public static void MapRuntimeEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/runtime/v1/jstack", JStackAsync);
    }

    private static async Task<IResult> JStackAsync(HttpContext context, IGrainFactory grains, ConnectionTable connections)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var statistics = await management.GetSimpleGrainStatistics();
        var silos = await management.GetHosts(onlyActive: true);
        int Count(Type grainClass)
        {
            var name = $"{grainClass.FullName},{grainClass.Assembly.GetName().Name}";
            return statistics.Where(s => string.Equals(s.GrainType, name, StringComparison.Ordinal)).Sum(s => s.ActivationCount);
        }

        var report = new JStackReport(
            connections.Count,
            Count(typeof(DialogGrain)),
            Count(typeof(UserGrain)),
            Count(typeof(SlpInstanceGrain)),
            silos.Count,
            statistics.GroupBy(s => s.GrainType, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount), StringComparer.Ordinal));

        if (WantsText(context))
        {
            var text = new StringBuilder()
                .Append("!!!!! connections: ").Append(report.Connections).Append('\n')
                .Append("!!!!! dialogues: ").Append(report.Dialogues).Append('\n')
                .Append("!!!!! users: ").Append(report.Users).Append('\n')
                .Append("!!!!! slp instances: ").Append(report.SlpInstances).Append('\n')
                .Append("!!!!! silos: ").Append(report.Silos).Append('\n')
                .ToString();
            return Results.Text(text, "text/plain; charset=utf-8");
        }

        return Results.Json(report, RestJsonContext.Default.JStackReport);
    }

    internal static bool WantsText(HttpContext context) =>
        string.Equals(context.Request.Query["format"], "text", StringComparison.OrdinalIgnoreCase)
        || context.Request.Headers.Accept.Any(a => a is not null && a.Contains("text/plain", StringComparison.OrdinalIgnoreCase));
}

/// <summary>Live objects: this gateway's sockets, and activations across the cluster.</summary>
internal sealed record JStackReport(
    [property: JsonPropertyName("connections")] int Connections,
    [property: JsonPropertyName("dialogues")] int Dialogues,
    [property: JsonPropertyName("users")] int Users,
    [property: JsonPropertyName("slpInstances")] int SlpInstances,
    [property: JsonPropertyName("silos")] int Silos,
    [property: JsonPropertyName("activations")] Dictionary<string, int> Activations);

[JsonSerializable(typeof(JStackReport))]
internal sealed partial class RestJsonContext : JsonSerializerContext;
