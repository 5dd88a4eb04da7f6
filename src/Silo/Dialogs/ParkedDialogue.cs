using GoRtc.Jsip.Stack;

namespace GoRtc.Silo.Dialogs;

/// <summary>A dialogue parked by its grain until <see cref="Until"/>, with the peer it was bound to.</summary>
internal sealed record ParkedDialogue(string DialogueId, Dialogue Dialogue, string? Peer, DateTimeOffset Until);
