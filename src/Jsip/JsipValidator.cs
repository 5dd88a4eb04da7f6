namespace GoRtc.Jsip;

/// <summary>Checks on messages the stack is asked to send.</summary>
public static class JsipValidator
{
    /// <summary>
    /// What the stack checks on a message an application asks to send (spec §1.6, outbound), in this order:
    /// DialogueID non-empty; Code 0 (request) or 100..699; a request needs a Method, a Request-URI, From and To, and
    /// every Router entry must be a valid <see cref="JsipUri"/>; a response needs a non-zero CSeq; Expire, when set,
    /// is 0..2147483647. A request's CSeq 0 is allowed (the stack picks one), as are a response's empty From/To
    /// (the stack fills them from the transaction) and a response's Method None.
    /// </summary>
    /// <remarks>
    /// An empty string property counts as missing. Router and Expire are checked here although the reference did
    /// not: a peer's parser refuses them, so the sending application is told now instead.
    /// </remarks>
    public static JsipRejection ValidateOutbound(JsipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrEmpty(message.DialogueId))
        {
            return JsipRejection.MissingDialogueId;
        }

        if (message.Code != 0 && !JsipStatus.IsValidResponseCode(message.Code))
        {
            return JsipRejection.InvalidCode;
        }

        if (message.IsRequest)
        {
            if (message.Method is JsipMethod.None or > JsipMethod.Notify)
            {
                return JsipRejection.MissingType;
            }

            if (string.IsNullOrEmpty(message.RequestUri))
            {
                return JsipRejection.MissingRequestUri;
            }

            if (string.IsNullOrEmpty(message.From))
            {
                return JsipRejection.MissingFrom;
            }

            if (string.IsNullOrEmpty(message.To))
            {
                return JsipRejection.MissingTo;
            }

            if (message.HasRouter)
            {
                foreach (var entry in message.Router)
                {
                    if (entry is null || entry.Contains(',', StringComparison.Ordinal) || JsipUri.Validate(entry) is not null)
                    {
                        return JsipRejection.InvalidRouter;
                    }
                }
            }
        }
        else if (message.CSeq == 0)
        {
            return JsipRejection.MissingCSeq;
        }

        if (message.Expire is < 0 or > int.MaxValue)
        {
            return JsipRejection.InvalidExpire;
        }

        return JsipRejection.None;
    }
}
