namespace GoRtc.Jsip.Stack;

/// <summary>
/// What the session layer may ask of its dialogue: the messages it generates itself (spec §2.1: they go to the
/// transaction layer and the wire, or to the app, without passing the session state machine again).
/// </summary>
internal interface ISessionActions
{
    /// <summary>Answers a request received from the peer through its server transaction (auto 200, 487, 408).</summary>
    void RespondToPeer(JsipMessage request, int code, DateTimeOffset now);

    /// <summary>Sends a request of the stack's own (BYE, UPDATE, CANCEL) on a new client transaction.</summary>
    void RequestToPeer(JsipMessage request, DateTimeOffset now);

    /// <summary>Sends an ACK (no transaction).</summary>
    void AckToPeer(JsipMessage ack);

    /// <summary>Delivers a synthesised message to the app as if received from the peer.</summary>
    void DeliverToApp(JsipMessage message);
}
