using GoRtc.Jsip;

namespace GoRtc.Grains;

/// <summary>Pushes that could not reach their socket go back to their users' outboxes, so nothing accepted is lost.</summary>
public static class UndeliveredMessages
{
    /// <summary>
    /// Hands each user its undelivered messages (in their order) through <see cref="IUserGrain.PushFailed"/>.
    /// Best effort: a user grain that cannot be reached is reported to <paramref name="onFailure"/>; the
    /// transactions' timers still run.
    /// </summary>
    public static async Task ReturnToOutboxesAsync(this IGrainFactory grains, IEnumerable<GatewayDelivery> undelivered, Action<Exception, string> onFailure)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(onFailure);
        foreach (var group in undelivered.GroupBy(d => (d.UserId, d.ConnectionId)))
        {
            try
            {
                await grains.GetGrain<IUserGrain>(group.Key.UserId)
                    .PushFailed(group.Key.ConnectionId, group.ToArray())
                    .ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Best effort, reported to the caller.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                onFailure(ex, group.Key.UserId);
            }
        }
    }
}
