using BenchmarkDotNet.Attributes;
using GoRtc.Jsip;
using GoRtc.Jsip.Stack;

namespace GoRtc.Benchmarks;

/// <summary>
/// The transaction and session layers in memory, as a dialog grain drives them (fresh <see cref="Dialogue"/> per
/// operation, one reused <see cref="DialogueOutput"/>): a MESSAGE transaction each way, and a whole INVITE dialog
/// (INVITE → 180 → 200, ACK, BYE → 200) as the UAS. Messages are built per operation because the dialogue owns
/// and fills in what it is given, as the codec hands it fresh objects in the server.
/// Not sealed: BenchmarkDotNet derives its runner from the class.
/// </summary>
[MemoryDiagnoser]
public class StackBenchmarks
{
    private const string DialogueId = "a8f3c2d1-6b4e-4f1a-9c7d";
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly StackOptions _options = new();
    private readonly DialogueOutput _output = new();

    /// <summary>UAS: the peer's MESSAGE in, the app's 200 out.</summary>
    [Benchmark]
    public bool MessageTransactionUas()
    {
        var dialogue = new Dialogue(DialogueId, _options);
        var request = Request(JsipMethod.Message, 1);
        Step(o => dialogue.Receive(request, Now, o));
        var ok = request.CreateResponse(200);
        Step(o => dialogue.Send(ok, Now, o));
        return dialogue.IsIdle;
    }

    /// <summary>UAC: the app's MESSAGE out, the peer's 200 in.</summary>
    [Benchmark]
    public bool MessageTransactionUac()
    {
        var dialogue = new Dialogue(DialogueId, _options);
        var request = Request(JsipMethod.Message, 1);
        Step(o => dialogue.Send(request, Now, o));
        var ok = FromPeer(request, 200);
        Step(o => dialogue.Receive(ok, Now, o));
        return dialogue.IsIdle;
    }

    /// <summary>UAS: INVITE in, 180 and 200 out, ACK in, BYE in (200 by the stack): what the load tool's dialog mode makes the server do.</summary>
    [Benchmark]
    public bool InviteDialogUas()
    {
        var dialogue = new Dialogue(DialogueId, _options);
        var invite = Request(JsipMethod.Invite, 1);
        invite.Expire = 600;
        invite.SetHeader(JsipHeaderNames.ContentType, "application/sdp");
        invite.Body = JsipValue.FromString(SampleMessages.Sdp);
        Step(o => dialogue.Receive(invite, Now, o));
        Step(o => dialogue.Send(invite.CreateResponse(180), Now, o));
        Step(o => dialogue.Send(invite.CreateResponse(200), Now, o));
        var ack = Request(JsipMethod.Ack, 2);
        ack.RelatedId = 1;
        Step(o => dialogue.Receive(ack, Now, o));
        var bye = Request(JsipMethod.Bye, 3);
        Step(o => dialogue.Receive(bye, Now, o)); // the session layer answers the BYE 200 itself
        return dialogue.IsTerminated;
    }

    /// <summary>UAC: the same dialog seen from the calling side (app INVITE out, peer 180/200 in, ACK and BYE out).</summary>
    [Benchmark]
    public bool InviteDialogUac()
    {
        var dialogue = new Dialogue(DialogueId, _options);
        var invite = Request(JsipMethod.Invite, 1);
        invite.Expire = 600;
        Step(o => dialogue.Send(invite, Now, o));
        Step(o => dialogue.Receive(FromPeer(invite, 180), Now, o));
        Step(o => dialogue.Receive(FromPeer(invite, 200), Now, o));
        var ack = Request(JsipMethod.Ack, 2);
        ack.RelatedId = 1;
        Step(o => dialogue.Send(ack, Now, o));
        var bye = Request(JsipMethod.Bye, 3);
        Step(o => dialogue.Send(bye, Now, o));
        Step(o => dialogue.Receive(FromPeer(bye, 200), Now, o));
        return dialogue.IsTerminated;
    }

    private void Step(Action<DialogueOutput> step)
    {
        _output.Clear();
        step(_output);
        if (_output.IsRejected)
        {
            throw new InvalidOperationException($"the stack refused a step: {_output.Rejection} {_output.RejectionDetail}");
        }
    }

    private static JsipMessage Request(JsipMethod method, uint cseq) =>
        JsipMessage.CreateRequest(method, "Bob@gortc.com", "Alex@gortc.com", "Bob@gortc.com", DialogueId, cseq);

    /// <summary>A response as the codec delivers it from the wire: no method until the stack matches it.</summary>
    private static JsipMessage FromPeer(JsipMessage request, int code)
    {
        var response = request.CreateResponse(code);
        response.Method = JsipMethod.None;
        return response;
    }
}
