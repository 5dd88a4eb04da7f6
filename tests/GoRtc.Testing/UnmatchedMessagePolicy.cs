namespace GoRtc.Testing;

/// <summary>What a <c>recv</c> stage does with a received message that does not match its <c>value</c>.</summary>
public enum UnmatchedMessagePolicy
{
    /// <summary>
    /// Default, as the reference: the stage takes exactly one message, and if it does not match (or is not a JSON
    /// object) the script fails there, even when <c>option</c> is true (option only forgives a timeout). The
    /// reference scripts rely on this strict ordering.
    /// </summary>
    Fail,

    /// <summary>
    /// Lenient: non-matching messages are consumed, recorded in the failure message, and skipped until a matching
    /// message or the timeout. Skipped messages are not offered to later stages.
    /// </summary>
    Skip,
}
