namespace GoRtc.Jsip;

/// <summary>CSeq values. JSIP CSeqs are unsigned 32-bit numbers, never 0.</summary>
public static class JsipCSeq
{
    /// <summary>
    /// A random CSeq in [1, 2^32-1]. The reference picks random CSeqs so that requests started from both ends
    /// of a dialogue do not collide; unlike the reference, the generator is seeded, so runs differ.
    /// </summary>
    public static uint NewRandom() => (uint)Random.Shared.NextInt64(1, (long)uint.MaxValue + 1);
}
