namespace GoRtc.Services.Chatroom;

/// <summary>A SUBSCRIBE's outcome and the room as it stands afterwards (null when it does not exist).</summary>
public sealed record SubscribeResult(SubscribeOutcome Outcome, Room? Room);
