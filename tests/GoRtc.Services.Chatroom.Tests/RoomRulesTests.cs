using GoRtc.SlpSdk;
using Xunit;

namespace GoRtc.Services.Chatroom.Tests;

/// <summary>The SUBSCRIBE rules of spec §8.2, one test per rule.</summary>
public sealed class RoomRulesTests
{
    private const string RoomId = "room:test1@gortc.com";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static StateChange<Room, SubscribeResult> Subscribe(Room? room, string member, int seconds, int maxMembers = 1000) =>
        RoomRules.Subscribe(new StateEntry<Room>(room, room is null ? 0 : 7, null), RoomId, member, $"nick-{member}", TimeSpan.FromSeconds(seconds), Now, maxMembers);

    private static Room RoomWith(params (string Id, int SecondsLeft)[] members) =>
        new(RoomId, members.ToDictionary(m => m.Id, m => new RoomMember($"first-{m.Id}", Now.AddSeconds(m.SecondsLeft)), StringComparer.Ordinal));

    [Fact]
    public void Subscribe_with_expire_0_to_unknown_room_is_404_room_not_exist_and_changes_nothing()
    {
        var change = Subscribe(null, "a", 0);
        Assert.False(change.Write);
        Assert.Equal(SubscribeOutcome.RoomNotExist, change.Result.Outcome);
    }

    [Fact]
    public void First_subscribe_creates_the_room_expiring_with_its_member()
    {
        var change = Subscribe(null, "a", 20);
        Assert.True(change.Write);
        Assert.Equal(SubscribeOutcome.Joined, change.Result.Outcome);
        Assert.Equal(Now.AddSeconds(20), change.ExpiresAt);
        Assert.Equal("nick-a", change.Value!.Members["a"].Nickname);
    }

    [Fact]
    public void Refresh_rearms_the_member_to_the_new_expire_and_keeps_the_first_nickname()
    {
        var change = Subscribe(RoomWith(("a", 3)), "a", 60);
        Assert.Equal(SubscribeOutcome.Refreshed, change.Result.Outcome);
        Assert.Equal(Now.AddSeconds(60), change.Value!.Members["a"].ExpiresAt);
        Assert.Equal("first-a", change.Value.Members["a"].Nickname);
    }

    [Fact]
    public void Subscribe_with_expire_0_from_a_non_member_is_404_user_not_exist()
    {
        var change = Subscribe(RoomWith(("a", 10)), "b", 0);
        Assert.False(change.Write);
        Assert.Equal(SubscribeOutcome.UserNotExist, change.Result.Outcome);
    }

    [Fact]
    public void Last_member_leaving_deletes_the_room()
    {
        var change = Subscribe(RoomWith(("a", 10)), "a", 0);
        Assert.True(change.Write);
        Assert.Null(change.Value);
        Assert.Equal(SubscribeOutcome.Left, change.Result.Outcome);
    }

    [Fact]
    public void Member_leaving_a_room_with_others_keeps_the_room_expiring_with_the_latest_of_them()
    {
        var change = Subscribe(RoomWith(("a", 10), ("b", 30), ("c", 20)), "b", 0);
        Assert.Equal(["a", "c"], change.Value!.Members.Keys.Order());
        Assert.Equal(Now.AddSeconds(20), change.ExpiresAt);
    }

    [Fact]
    public void Expired_members_are_no_members_a_refresh_after_expiry_joins_again()
    {
        var change = Subscribe(RoomWith(("a", -1), ("b", 10)), "a", 10);
        Assert.Equal(SubscribeOutcome.Joined, change.Result.Outcome);
        Assert.Equal("nick-a", change.Value!.Members["a"].Nickname);
    }

    [Fact]
    public void Room_whose_members_all_expired_does_not_exist()
    {
        Assert.Equal(SubscribeOutcome.RoomNotExist, Subscribe(RoomWith(("a", -1), ("b", 0)), "a", 0).Result.Outcome);
        Assert.Null(RoomWith(("a", -1)).Live(Now));
    }

    [Fact]
    public void Expired_members_are_dropped_from_the_stored_room_on_the_next_write()
    {
        var change = Subscribe(RoomWith(("gone", -5), ("b", 10)), "c", 10);
        Assert.Equal(["b", "c"], change.Value!.Members.Keys.Order());
    }

    [Fact]
    public void Joining_a_full_room_is_refused_but_members_may_still_refresh()
    {
        var full = RoomWith(("a", 10), ("b", 10));
        Assert.Equal(SubscribeOutcome.RoomFull, Subscribe(full, "c", 10, maxMembers: 2).Result.Outcome);
        Assert.False(Subscribe(full, "c", 10, maxMembers: 2).Write);
        Assert.Equal(SubscribeOutcome.Refreshed, Subscribe(full, "a", 10, maxMembers: 2).Result.Outcome);
    }

    [Fact]
    public void Rest_delete_removes_a_member_and_ignores_an_unknown_one()
    {
        var room = new StateEntry<Room>(RoomWith(("a", 10), ("b", 10)), 3, null);
        var removed = RoomRules.RemoveMember(room, "a", Now);
        Assert.True(removed.Result);
        Assert.Equal(["b"], removed.Value!.Members.Keys);
        Assert.False(RoomRules.RemoveMember(room, "zz", Now).Write);
    }

    [Fact]
    public void Room_ids_are_compared_without_case()
    {
        Assert.Equal(Room.KeyOf("room:Test1@GoRtc.com"), Room.KeyOf("room:test1@gortc.com"));
    }
}
