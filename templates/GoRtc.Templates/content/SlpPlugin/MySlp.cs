using GoRtc.Jsip;
using GoRtc.SlpSdk;

namespace MySlp;

/// <summary>
/// A starting point for an SLP. GoRtc creates one instance per incoming dialogue and hands it the request that
/// created it; this one answers OPTIONS and MESSAGE with 200 and any other request with 501, then finishes,
/// because a single request-response needs no state that would outlive it.
/// </summary>
public sealed class TemplateSlp : Slp
{
    public override async ValueTask OnMessageAsync(JsipMessage message, CancellationToken cancellationToken)
    {
        // An ACK is never answered, and a response can only be a late one for a dialogue this instance has left.
        if (message.IsRequest && message.Method != JsipMethod.Ack)
        {
            var code = message.Method is JsipMethod.Options or JsipMethod.Message ? 200 : 501;
            await Context.SendAsync(message.CreateResponse(code), cancellationToken);
        }

        Context.Finish();
    }
}
