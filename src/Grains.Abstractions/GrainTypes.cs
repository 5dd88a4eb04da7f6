namespace GoRtc.Grains;

/// <summary>
/// The grain type names of the grains every JSIP message passes through. Explicit (on the grain classes too) so that
/// <see cref="JsipGrains"/> can build references without a manifest lookup, and so that renaming a class does not
/// orphan the state persisted under its type.
/// </summary>
public static class GrainTypes
{
    public const string DialogueShard = "dialogshard";

    public const string User = "user";
}
