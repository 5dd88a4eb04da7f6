using GoRtc.Jsip.Stack.Tests.Support;
using static GoRtc.Jsip.Stack.Tests.Support.Messages;

namespace GoRtc.Jsip.Stack.Tests;

/// <summary>
/// Seeded random message sequences from both sides, checking the stack's invariants: nothing throws, a refused send
/// has no other effect, TERM is the app's last message, and once input stops every dialogue ends by its timers
/// (decision 5: no stuck sessions in any state).
/// </summary>
public sealed class RandomWalkTests
{
    private static readonly JsipMethod[] Methods =
    [
        JsipMethod.Invite, JsipMethod.Invite, JsipMethod.Ack, JsipMethod.Ack, JsipMethod.Bye, JsipMethod.Cancel, JsipMethod.Prack, JsipMethod.Update,
        JsipMethod.Info, JsipMethod.Message,
    ];

    private static readonly int[] Codes = [100, 180, 183, 200, 202, 403, 408, 486, 487, 500];

    [Fact]
    public void Random_message_sequences_never_leave_a_dialogue_stuck()
    {
        for (var seed = 0; seed < 1000; seed++)
        {
            Walk(seed);
        }
    }

    private static void Walk(int seed)
    {
        var rng = new Random(seed);
        var h = new DialogueHarness();
        var peerMayAnswer = new List<JsipMessage>();
        var appMayAnswer = new List<JsipMessage>();
        uint cseq = 1;
        for (var step = 0; step < 40; step++)
        {
            DialogueOutput output;
            switch (rng.Next(9))
            {
                case 0 or 1:
                    output = h.In(RandomRequest(rng, ref cseq));
                    break;
                case 2:
                    output = h.Out(RandomRequest(rng, ref cseq));
                    break;
                case 3 or 4 when peerMayAnswer.Count > 0:
                    output = h.In(FromPeer(peerMayAnswer[rng.Next(peerMayAnswer.Count)], Codes[rng.Next(Codes.Length)]));
                    break;
                case 5 or 6 when appMayAnswer.Count > 0:
                    output = h.Out(FromApp(appMayAnswer[rng.Next(appMayAnswer.Count)], Codes[rng.Next(Codes.Length)]));
                    break;
                default:
                    h.Advance(TimeSpan.FromSeconds(rng.Next(0, 70)));
                    continue;
            }

            if (output.IsRejected)
            {
                Assert.True(output.ToPeer.Count == 0 && output.ToApp.Count == 0, $"seed {seed}: a rejected send had effects");
            }

            peerMayAnswer.AddRange(output.ToPeer.Where(m => m.IsRequest && m.Method != JsipMethod.Ack));
            appMayAnswer.AddRange(output.ToApp.Where(m => m.IsRequest && m.Method != JsipMethod.Ack));
        }

        h.RunToQuiet(TimeSpan.FromDays(2));

        var why = $"seed {seed}: session {h.Dialogue.SessionState}, {h.Dialogue.TransactionCount} transactions";
        Assert.True(h.Dialogue.IsIdle, why);
        Assert.Null(h.Dialogue.NextDeadline);
        if (h.App.Count > 0)
        {
            Assert.True(h.Terms.Count > 0 && h.Terms[^1] >= h.App[^1].At, $"seed {seed}: no TERM after the app's last message");
            Assert.True(h.Dialogue.IsTerminated, why);
        }
    }

    private static JsipMessage RandomRequest(Random rng, ref uint cseq)
    {
        var method = Methods[rng.Next(Methods.Length)];

        // Now and then reuse a CSeq, as a retransmission or a collision would.
        var number = rng.Next(8) == 0 && cseq > 1 ? (uint)rng.Next(1, (int)cseq) : cseq++;
        long? expire = rng.Next(3) switch { 0 => null, 1 => 10, _ => 30 };
        return Request(method, number, method == JsipMethod.Invite ? expire : null);
    }
}
