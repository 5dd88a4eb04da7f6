using GoRtc.Silo.Dialogs;
using Xunit;

namespace GoRtc.Silo.Tests;

public sealed class TurnGateTests
{
    [Fact]
    public void Free_gate_lets_a_turn_in_at_once()
    {
        var gate = new TurnGate();

        Assert.True(gate.EnterAsync().IsCompletedSuccessfully);
        Assert.False(gate.HasWaiting);
    }

    [Fact]
    public async Task Turns_of_a_dialogue_run_one_at_a_time_in_arrival_order()
    {
        var gate = new TurnGate();
        var order = new List<int>();
        await gate.EnterAsync();
        var second = Run(gate, order, 2);
        var third = Run(gate, order, 3);

        Assert.True(gate.HasWaiting);
        Assert.Empty(order);
        order.Add(1);
        gate.Exit();
        await Task.WhenAll(second, third);

        Assert.Equal([1, 2, 3], order);
        Assert.True(gate.EnterAsync().IsCompletedSuccessfully); // the last one left the gate free
    }

    private static async Task Run(TurnGate gate, List<int> order, int turn)
    {
        await gate.EnterAsync();
        order.Add(turn);
        gate.Exit();
    }
}
