namespace GoRtc.Silo.State;

/// <summary>The grain key of a plugin state entry: <c>&lt;scope&gt;/&lt;key&gt;</c>, where the scope (an assembly name) has no slash.</summary>
internal static class PluginStateKey
{
    public static string Of(string scope, string key) => string.Concat(scope, "/", key);

    public static (string Scope, string Key) Split(string grainKey)
    {
        var slash = grainKey.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (grainKey, string.Empty) : (grainKey[..slash], grainKey[(slash + 1)..]);
    }
}
