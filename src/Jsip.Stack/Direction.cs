namespace GoRtc.Jsip.Stack;

/// <summary>Which way a message travels, seen from this server (the reference's <c>recv</c> flag).</summary>
internal enum Direction
{
    /// <summary>Received from the peer on the WebSocket.</summary>
    Inbound,

    /// <summary>Sent by the application (SLP) or by the stack itself, towards the peer.</summary>
    Outbound,
}
