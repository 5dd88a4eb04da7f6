using System.ComponentModel.DataAnnotations;
using GoRtc.Jsip.Stack;

namespace GoRtc.Silo.Hosting;

/// <summary>The <c>Jsip</c> configuration section: the reference's <c>[JSIPStack]</c> keys.</summary>
public sealed class JsipOptions
{
    public const string SectionName = "Jsip";

    /// <summary>Realm used in generated DialogueIDs and relids (reference default <c>gortc.com</c>).</summary>
    [Required, RegularExpression(@"^[A-Za-z0-9.\-]+$")]
    public string Realm { get; set; } = "gortc.com";

    /// <summary><c>transtimer</c>: life of a non-INVITE transaction without a provisional response.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan TransactionTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>prtimer</c>: after a provisional response; also how long an INVITE may wait for its answer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan ProvisionalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary><c>sessiontimer</c>: the <c>Expire</c> given to an INVITE that has none.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SessionTimer { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>Messages kept for a user while it is away (<c>qsize</c>); beyond it, new requests get 480.</summary>
    [Range(1, 1_000_000)]
    public int OutboxSize { get; set; } = 1024;

    /// <summary>
    /// Ended dialogues a silo remembers for transtimer, so that a retransmission of an answered request gets the same
    /// answer (spec §2.4). Beyond it the oldest are forgotten early: memory stays bounded under any load.
    /// </summary>
    [Range(0, 10_000_000)]
    public int MaxRememberedDialogues { get; set; } = 200_000;

    public StackOptions ToStackOptions() => new()
    {
        TransactionTimeout = TransactionTimeout,
        ProvisionalTimeout = ProvisionalTimeout,
        SessionTimer = SessionTimer,
    };
}
