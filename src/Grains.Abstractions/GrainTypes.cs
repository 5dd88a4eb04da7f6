namespace GoRtc.Grains;

/// <summary>
/// The grain type names of the per-dialogue and per-user grains. Explicit (on the grain classes too) so that
/// <see cref="JsipGrains"/> can build references without a manifest lookup, and so that renaming a class does not
/// orphan the state persisted under its type.
/// </summary>
public static class GrainTypes
{
    public const string Dialog = "dialog";

    public const string User = "user";

    public const string SlpInstance = "slpinstance";
}
