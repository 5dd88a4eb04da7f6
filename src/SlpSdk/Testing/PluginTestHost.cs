namespace GoRtc.SlpSdk.Testing;

/// <summary>
/// Attaches an SLP or an API to a context of the test's making, as the runtime does before the first call: for unit
/// tests of plugin logic without a server (the end-to-end tests then run the same plugin for real).
/// </summary>
public static class PluginTestHost
{
    /// <summary>Attaches <paramref name="slp"/> to <paramref name="context"/> (and, for an <c>Slp&lt;TShared&gt;</c>, to <paramref name="shared"/>).</summary>
    public static TSlp Attach<TSlp>(TSlp slp, ISlpContext context, object? shared = null)
        where TSlp : Slp
    {
        ArgumentNullException.ThrowIfNull(slp);
        ArgumentNullException.ThrowIfNull(context);
        slp.Attach(context);
        slp.AttachShared(shared);
        return slp;
    }

    /// <summary>Attaches <paramref name="api"/> to <paramref name="context"/> (and, for an <c>Api&lt;TShared&gt;</c>, to <paramref name="shared"/>).</summary>
    public static TApi Attach<TApi>(TApi api, IApiContext context, object? shared = null)
        where TApi : Api
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(context);
        api.Attach(context);
        api.AttachShared(shared);
        return api;
    }
}
