using GoRtc.Jsip;

namespace GoRtc.SlpSdk;

/// <summary>
/// A service logic program. GoRtc creates one instance per incoming dialogue (or per relid group) and calls it
/// turn by turn: never two handlers at once, so an SLP needs no locks. The instance lives until it calls
/// <see cref="ISlpContext.Finish"/>, or until one of its handlers throws (then only this instance fails: its
/// pending requests are answered 500 and its dialogues are ended).
/// </summary>
public abstract class Slp
{
    private ISlpContext? _context;

    /// <summary>Sending, dialogue ids, timers, configuration and logging for this instance.</summary>
    public ISlpContext Context => _context ?? throw new InvalidOperationException("The SLP is not attached to a runtime yet.");

    /// <summary>Called once, before the first message.</summary>
    public virtual ValueTask OnActivateAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>
    /// A message for this instance: the request that created it, and every later message of its dialogues
    /// that has no handler of its own (see <see cref="ISlpContext.NewDialogueId"/>). The message is the instance's own
    /// copy, free to change or to send on.
    /// </summary>
    public abstract ValueTask OnMessageAsync(JsipMessage message, CancellationToken cancellationToken);

    /// <summary>A dialogue of this instance has ended: no transaction and no session remain (the reference's TERM).</summary>
    public virtual ValueTask OnDialogueTerminatedAsync(string dialogueId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called once when the instance ends, after <see cref="ISlpContext.Finish"/>.</summary>
    public virtual ValueTask OnFinishAsync() => ValueTask.CompletedTask;

    internal void Attach(ISlpContext context) => _context = context;

    internal virtual void AttachShared(object? shared)
    {
    }
}

/// <summary>
/// An SLP with a context shared by all its instances on one node (one <typeparamref name="TShared"/> per loaded
/// version of the SLP, created when the version loads).
/// </summary>
public abstract class Slp<TShared> : Slp
    where TShared : class, new()
{
    private TShared? _shared;

    /// <summary>The context shared by every instance of this SLP version on this node.</summary>
    protected TShared Shared => _shared ?? throw new InvalidOperationException("The shared context is not attached yet.");

    internal override void AttachShared(object? shared) => _shared = (TShared?)shared;
}
