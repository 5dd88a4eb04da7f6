namespace GoRtc.Gateway.Rest.Runtime;

/// <summary>A list capped at the request's <c>limit</c>: the complete count, and the first items.</summary>
internal sealed record Listing<T>(int Count, bool Truncated, IReadOnlyList<T> Items)
{
    public static Listing<T> Of(IReadOnlyCollection<T> all, int limit) =>
        new(all.Count, all.Count > limit, [.. all.Take(limit)]);
}
