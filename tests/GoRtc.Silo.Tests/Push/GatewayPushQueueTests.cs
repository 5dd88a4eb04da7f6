using GoRtc.Grains;
using GoRtc.Jsip;
using GoRtc.Silo.Push;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace GoRtc.Silo.Tests.Push;

public sealed class GatewayPushQueueTests
{
    [Fact]
    public async Task Flush_of_an_idle_queue_completes_at_once()
    {
        var gateway = new HeldGateway();
        await using var queue = new GatewayPushQueue(gateway, null!, NullLogger.Instance);

        Assert.True(queue.FlushAsync().IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Flush_completes_only_when_everything_queued_before_it_has_reached_the_gateway()
    {
        var gateway = new HeldGateway();
        await using var queue = new GatewayPushQueue(gateway, null!, NullLogger.Instance);
        queue.Enqueue(Delivery("first"));
        await gateway.WaitForBatchAsync(); // the first batch is in flight, held by the gateway
        queue.Enqueue(Delivery("second"));

        var flush = queue.FlushAsync();
        gateway.Release();
        await gateway.WaitForBatchAsync();
        Assert.False(flush.IsCompleted); // "second" is in flight: not delivered yet

        queue.Enqueue(Delivery("after the flush"));
        gateway.Release();
        await flush.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["first", "second"], gateway.Delivered.Take(2));
        gateway.Release(); // the batch queued after the flush, so that the queue can stop
    }

    private static GatewayDelivery Delivery(string body)
    {
        var message = JsipMessage.CreateRequest(JsipMethod.Message, "bob", "alex", "bob", "d");
        message.Body = JsipValue.FromString(body);
        return new GatewayDelivery(Guid.NewGuid(), "bob", message, DateTimeOffset.MaxValue);
    }

    /// <summary>A gateway that takes each batch only when the test releases it.</summary>
    private sealed class HeldGateway : IGatewayObserver
    {
        private readonly SemaphoreSlim _arrived = new(0);
        private readonly SemaphoreSlim _released = new(0);

        public List<string> Delivered { get; } = [];

        public async Task WaitForBatchAsync() => Assert.True(await _arrived.WaitAsync(TimeSpan.FromSeconds(5)), "no batch reached the gateway");

        public void Release() => _released.Release();

        public async Task Deliver(GatewayDelivery[] batch)
        {
            _arrived.Release();
            await _released.WaitAsync();
            lock (Delivered)
            {
                Delivered.AddRange(batch.Select(d => d.Message.Body.TryGetString(out var body) ? body : string.Empty));
            }
        }

        public Task Close(Guid connectionId, string reason) => Task.CompletedTask;
    }

}
