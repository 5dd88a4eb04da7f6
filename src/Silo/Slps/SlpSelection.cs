using GoRtc.Jsip;

namespace GoRtc.Silo.Slps;

/// <summary>
/// Which SLP serves a request that opens a new dialogue (spec §4.2): the <c>relid</c> of Router[0] joins an existing
/// instance; else the <c>type</c> of Router[0] names the SLP; else the first label of the host of Router[0] (or of the
/// Request-URI when there is no Router) if an SLP of that name is loaded; else <c>default</c>.
/// </summary>
internal readonly record struct SlpSelection(string? SlpName, string? RelId, int ErrorCode, string? Reason)
{
    public const string DefaultSlp = "default";

    public bool IsError => ErrorCode != 0;

    public static SlpSelection Select(JsipMessage request, Func<string, bool> isLoaded)
    {
        string name;
        if (request.HasRouter)
        {
            if (!JsipUri.TryParse(request.Router[0], out var router, out var error))
            {
                return new(null, null, 400, $"Invalid Router: {error}");
            }

            var relId = router.GetParameter("relid");
            if (!string.IsNullOrEmpty(relId))
            {
                return new(null, relId, 0, null);
            }

            var type = router.GetParameter("type");
            name = string.IsNullOrEmpty(type) ? ServiceOfHost(router, isLoaded) : type;
        }
        else
        {
            name = JsipUri.TryParse(request.RequestUri, out var target, out _) ? ServiceOfHost(target, isLoaded) : DefaultSlp;
        }

        return isLoaded(name) ? new(name, null, 0, null) : new(null, null, 404, $"SLP {name} not loaded");
    }

    private static string ServiceOfHost(JsipUri uri, Func<string, bool> isLoaded)
    {
        var dot = uri.Host.IndexOf('.', StringComparison.Ordinal);
        var label = dot < 0 ? uri.Host : uri.Host[..dot];
        return label.Length > 0 && isLoaded(label) ? label : DefaultSlp;
    }
}
