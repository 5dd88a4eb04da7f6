using GoRtc.SlpSdk;

namespace GoRtc.Services.Chatroom;

/// <summary>The chatroom's settings (<c>Plugins:Slps:&lt;name&gt;:Settings</c>), each with its default.</summary>
public sealed record ChatroomSettings(int MaxMembers, TimeSpan MaxExpire, int MaxRedeliveries)
{
    /// <summary>Reads the settings; a missing or unreadable one takes its default.</summary>
    public static ChatroomSettings From(ISlpSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(
            // A room's state is one entry, written whole on every join: keep it bounded.
            MaxMembers: Math.Max(1, settings.GetInt32("MaxMembers", 1000)),
            // A longer Expire is shortened to this (the 200 says what was granted), so a vanished client leaves in time.
            MaxExpire: settings.GetTimeSpan("MaxExpire", TimeSpan.FromHours(1)),
            // The reference re-delivers on 408 for as long as the member exists; this bounds one message's attempts too.
            MaxRedeliveries: Math.Max(0, settings.GetInt32("MaxRedeliveries", 100)));
    }
}
