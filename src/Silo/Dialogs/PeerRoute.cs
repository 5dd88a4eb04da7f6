namespace GoRtc.Silo.Dialogs;

/// <summary>
/// How a dialogue's messages reach its peer. Two paths can deliver out of order — a push from this silo and one from
/// the silo of the peer's user grain travel on different queues — so a dialogue remembers the one it used last.
/// </summary>
internal enum PeerRoute
{
    /// <summary>Nothing sent yet.</summary>
    None,

    /// <summary>Pushed from this silo to the socket the peer last spoke on.</summary>
    Push,

    /// <summary>Through the peer's user grain (its socket is unknown here, or this silo does not push to its gateway).</summary>
    UserGrain,
}
