using GoRtc.Jsip;
using GoRtc.SlpSdk;

namespace GoRtc.Services.Call;

/// <summary>
/// The call service (<c>Router: gortc.com;type=call</c>): an INVITE whose Request-URI is a user id is placed to that
/// user wherever they are connected, as a back-to-back user agent (see <see cref="BackToBackCall"/>). A callee who is
/// not connected gets the caller a <c>480</c> at once.
/// </summary>
public sealed class CallSlp : Slp
{
    private BackToBackCall? _call;

    private BackToBackCall Call => _call ??= new BackToBackCall(Context);

    public override ValueTask OnMessageAsync(JsipMessage message, CancellationToken cancellationToken) =>
        Call.OnMessageAsync(message, cancellationToken);

    public override ValueTask OnDialogueTerminatedAsync(string dialogueId, CancellationToken cancellationToken) =>
        Call.OnDialogueTerminatedAsync(dialogueId, cancellationToken);
}
