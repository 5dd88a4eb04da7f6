namespace GoRtc.Jsip.Stack.Tests.Support;

/// <summary>
/// Drives one <see cref="Dialogue"/> as its host would: a virtual clock advanced by hand (timers fire at their exact
/// deadlines, no sleeping), one fresh <see cref="DialogueOutput"/> per step, and a record of everything produced.
/// </summary>
internal sealed class DialogueHarness
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public DialogueHarness(StackOptions? options = null)
    {
        Options = options ?? new StackOptions();
        Dialogue = new Dialogue(Messages.DialogueId, Options);
    }

    public StackOptions Options { get; }

    public Dialogue Dialogue { get; }

    public DateTimeOffset Now { get; private set; } = Start;

    /// <summary>Time since the start of the test.</summary>
    public TimeSpan Elapsed => Now - Start;

    /// <summary>Everything sent to the peer so far, with the time it was sent.</summary>
    public List<(TimeSpan At, JsipMessage Message)> Peer { get; } = [];

    /// <summary>Everything given to the app so far, with the time it was given.</summary>
    public List<(TimeSpan At, JsipMessage Message)> App { get; } = [];

    /// <summary>When the dialogue reported <see cref="DialogueOutput.Terminated"/>.</summary>
    public List<TimeSpan> Terms { get; } = [];

    /// <summary>The output of the latest step.</summary>
    public DialogueOutput Last { get; private set; } = new();

    public DialogueOutput In(JsipMessage message) => Step(o => Dialogue.Receive(message, Now, o));

    public DialogueOutput Out(JsipMessage message) => Step(o => Dialogue.Send(message, Now, o));

    /// <summary>Moves the clock forward, firing every timer at its own deadline on the way.</summary>
    public void Advance(TimeSpan by) => AdvanceTo(Now + by);

    public void AdvanceTo(DateTimeOffset target)
    {
        while (Dialogue.NextDeadline is { } due && due <= target)
        {
            Now = due > Now ? due : Now;
            Step(o => Dialogue.OnTimer(Now, o));
        }

        Now = target;
    }

    /// <summary>Runs timers until none is armed (bounded, in case a bug re-arms forever).</summary>
    public void RunToQuiet(TimeSpan limit)
    {
        var end = Now + limit;
        while (Dialogue.NextDeadline is { } due && due <= end)
        {
            AdvanceTo(due);
        }
    }

    public JsipMessage LastToPeer => Peer[^1].Message;

    public JsipMessage LastToApp => App[^1].Message;

    private DialogueOutput Step(Action<DialogueOutput> step)
    {
        var output = new DialogueOutput();
        step(output);
        foreach (var m in output.ToPeer)
        {
            Peer.Add((Elapsed, m));
        }

        foreach (var m in output.ToApp)
        {
            App.Add((Elapsed, m));
        }

        if (output.Terminated)
        {
            Terms.Add(Elapsed);
        }

        Last = output;
        return output;
    }
}

/// <summary>Short assertions on messages.</summary>
internal static class MessageAssert
{
    /// <summary>Asserts a request of <paramref name="method"/>.</summary>
    public static JsipMessage IsRequest(JsipMethod method, JsipMessage message)
    {
        Assert.True(message.IsRequest, $"expected a {method.ToWireName()} request, got {message}");
        Assert.Equal(method, message.Method);
        return message;
    }

    /// <summary>Asserts a response <paramref name="code"/> to a <paramref name="method"/> with the given CSeq.</summary>
    public static JsipMessage IsResponse(JsipMethod method, int code, uint cseq, JsipMessage message)
    {
        Assert.True(message.IsResponse, $"expected {method.ToWireName()}_{code}, got {message}");
        Assert.Equal((method, code, cseq), (message.Method, message.Code, message.CSeq));
        return message;
    }

    /// <summary>The names (INVITE, INVITE_200, ...) of messages, for whole-sequence comparisons.</summary>
    public static string[] Names(IEnumerable<(TimeSpan At, JsipMessage Message)> log) => [.. log.Select(e => e.Message.Name)];

    public static string[] Names(IEnumerable<JsipMessage> messages) => [.. messages.Select(m => m.Name)];
}
