using System.Text.Json.Serialization;
using GoRtc.Jsip;
using GoRtc.SlpSdk;

namespace GoRtc.TestSlps.Swap;

/// <summary>
/// A plugin built twice from this source, as two builds of one plugin: the same assembly name and the same file name,
/// differing only in <see cref="SwapBuild.Name"/>. Tests replace one build with the other at run time and tell from
/// every answer which build served it.
/// </summary>
public sealed class SwapSlp : Slp<SwapShared>
{
    /// <summary>
    /// INVITE, and any in-dialogue request: 200 with the build in the body. An out-of-dialogue MESSAGE: 200, then the
    /// instance ends. The instance ends when its dialogue does.
    /// </summary>
    public override async ValueTask OnMessageAsync(JsipMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.IsResponse || message.Method is JsipMethod.Ack or JsipMethod.Bye or JsipMethod.Cancel)
        {
            return;
        }

        if (message.Method == JsipMethod.Invite)
        {
            Interlocked.Increment(ref Shared.Invites);
        }

        var answer = message.CreateResponse(200);
        answer.Body = JsipValue.FromObject(new SwapBuild(SwapBuild.Name), SwapJson.Default.SwapBuild);
        await Context.SendAsync(answer, cancellationToken);
        if (message.Method == JsipMethod.Message)
        {
            Context.Finish();
        }
    }

    public override ValueTask OnDialogueTerminatedAsync(string dialogueId, CancellationToken cancellationToken)
    {
        Context.Finish();
        return ValueTask.CompletedTask;
    }
}

/// <summary>What the SLP and the API of one loaded build share on a node.</summary>
public sealed class SwapShared
{
    /// <summary>INVITEs this build's SLP has answered on this node.</summary>
    public int Invites;
}

/// <summary><c>GET /swap/v1/stats</c>: the build and the INVITEs its SLP has seen (state shared with the SLP).</summary>
public sealed class SwapApi : Api<SwapShared>
{
    public override ValueTask<ApiResponse> GetAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ValueTask.FromResult(request.Path == "stats"
            ? ApiResponse.Json(new SwapStats(SwapBuild.Name, Volatile.Read(ref Shared.Invites), request.GetQuery("echo")), SwapJson.Default.SwapStats)
            : ApiResponse.NotFound($"no resource {request.Path}"));
    }

    public override ValueTask<ApiResponse> PostAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var build = request.ReadJson(SwapJson.Default.SwapBuild);
        return ValueTask.FromResult(ApiResponse.Json(new SwapStats(SwapBuild.Name, -1, build?.Build), SwapJson.Default.SwapStats, status: 201,
            headers: new Dictionary<string, string> { ["X-Swap-Build"] = SwapBuild.Name }));
    }
}

public sealed record SwapBuild([property: JsonPropertyName("build")] string Build)
{
#if SWAP_V2
    public const string Name = "v2";
#else
    public const string Name = "v1";
#endif
}

public sealed record SwapStats(
    [property: JsonPropertyName("build")] string Build,
    [property: JsonPropertyName("invites")] int Invites,
    [property: JsonPropertyName("echo")] string? Echo);

[JsonSerializable(typeof(SwapBuild))]
[JsonSerializable(typeof(SwapStats))]
internal sealed partial class SwapJson : JsonSerializerContext;
