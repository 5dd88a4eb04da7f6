namespace GoRtc.Jsip.Stack.Tests.Scripts;

/// <summary>
/// A miniature node around the stack, for replaying the reference's rtest scripts: one <see cref="Dialogue"/> per
/// DialogueID, the test SLP of spec §9 as the application, and a single client (the rtest connection,
/// <c>Alex@gortc.com</c>) to which every message for the peer goes. Time is virtual; timers of the dialogues and the
/// SLP's own delays fire in time order as the clock is advanced.
/// </summary>
internal sealed class ScriptHost
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, Dialogue> _dialogues = [];
    private readonly Dictionary<string, TestSlp> _instances = [];
    private readonly Queue<(string DialogueId, JsipMessage Message)> _toApp = [];
    private readonly List<(DateTimeOffset At, long Order, Action Run)> _scheduled = [];
    private long _order;
    private bool _delivering;

    public StackOptions Options { get; } = new();

    public DateTimeOffset Now { get; private set; } = Start;

    public TimeSpan Elapsed => Now - Start;

    /// <summary>Messages the stack sent to the client, not yet consumed by a <c>recv</c> stage.</summary>
    public Queue<JsipMessage> ClientInbox { get; } = [];

    /// <summary>Everything that crossed the client's connection: (time, "C>S" or "S>C", message).</summary>
    public List<(TimeSpan At, string Way, JsipMessage Message)> Wire { get; } = [];

    /// <summary>Sends the SLP made that the stack refused, with the reason.</summary>
    public List<(TimeSpan At, JsipMessage Message, SendRejection Rejection, string? Detail)> Rejections { get; } = [];

    /// <summary>Every SLP instance created, in order.</summary>
    public List<TestSlp> Instances { get; } = [];

    /// <summary>DialogueIDs whose dialogue reported its end, with the time.</summary>
    public List<(TimeSpan At, string DialogueId)> Terms { get; } = [];

    public IReadOnlyDictionary<string, Dialogue> Dialogues => _dialogues;

    /// <summary>The earliest pending timer or SLP delay.</summary>
    public DateTimeOffset? NextEventTime
    {
        get
        {
            DateTimeOffset? next = _scheduled.Count == 0 ? null : _scheduled.Min(s => s.At);
            foreach (var dialogue in _dialogues.Values)
            {
                if (dialogue.NextDeadline is { } due && (next is null || due < next))
                {
                    next = due;
                }
            }

            return next;
        }
    }

    /// <summary>A message from the client arrives.</summary>
    public void FromClient(JsipMessage message)
    {
        Wire.Add((Elapsed, "C>S", message));
        var dialogue = DialogueFor(message.DialogueId);
        var output = new DialogueOutput();
        dialogue.Receive(message, Now, output);
        Dispatch(message.DialogueId, output);
    }

    /// <summary>The SLP sends a message; returns the rejection, if any.</summary>
    public SendRejection FromApp(TestSlp instance, JsipMessage message)
    {
        // The host routes by DialogueID; a message without one is refused by the dialogue it cannot belong to.
        var key = message.DialogueId.Length == 0 ? "<none>" : message.DialogueId;
        Bind(key, instance);
        var dialogue = DialogueFor(key);
        var output = new DialogueOutput();
        dialogue.Send(message, Now, output);
        if (output.IsRejected)
        {
            Rejections.Add((Elapsed, message, output.Rejection, output.RejectionDetail));
        }

        Dispatch(key, output);
        return output.Rejection;
    }

    /// <summary>Routes later messages of <paramref name="dialogueId"/> to <paramref name="instance"/> (NewDialogueIDWithEntry).</summary>
    public void Bind(string dialogueId, TestSlp instance) => _instances[dialogueId] = instance;

    /// <summary>Runs <paramref name="action"/> after <paramref name="delay"/> of virtual time (an SLP sleeping).</summary>
    public void After(TimeSpan delay, Action action) => _scheduled.Add((Now + delay, ++_order, action));

    /// <summary>Moves the clock to <paramref name="target"/>, firing timers and SLP delays in time order.</summary>
    public void AdvanceTo(DateTimeOffset target)
    {
        while (NextEventTime is { } next && next <= target)
        {
            Now = next > Now ? next : Now;
            foreach (var (id, dialogue) in _dialogues.ToList())
            {
                if (dialogue.NextDeadline is { } due && due <= Now)
                {
                    var output = new DialogueOutput();
                    dialogue.OnTimer(Now, output);
                    Dispatch(id, output);
                }
            }

            foreach (var item in _scheduled.Where(s => s.At <= Now).OrderBy(s => s.At).ThenBy(s => s.Order).ToList())
            {
                _scheduled.Remove(item);
                item.Run();
            }
        }

        if (target > Now)
        {
            Now = target;
        }
    }

    public void Advance(TimeSpan by) => AdvanceTo(Now + by);

    /// <summary>Lets every timer run out (bounded).</summary>
    public void RunToQuiet(TimeSpan limit)
    {
        var end = Now + limit;
        while (NextEventTime is { } next && next <= end)
        {
            AdvanceTo(next);
        }
    }

    private Dialogue DialogueFor(string dialogueId)
    {
        if (!_dialogues.TryGetValue(dialogueId, out var dialogue))
        {
            dialogue = new Dialogue(dialogueId, Options);
            _dialogues.Add(dialogueId, dialogue);
        }

        return dialogue;
    }

    private void Dispatch(string dialogueId, DialogueOutput output)
    {
        foreach (var message in output.ToPeer)
        {
            Wire.Add((Elapsed, "S>C", message));
            ClientInbox.Enqueue(message);
        }

        foreach (var message in output.ToApp)
        {
            _toApp.Enqueue((dialogueId, message));
        }

        if (output.Terminated)
        {
            Terms.Add((Elapsed, dialogueId));
        }

        // An SLP handles one message at a time (its task queue): messages produced while it runs wait their turn.
        if (_delivering)
        {
            return;
        }

        _delivering = true;
        while (_toApp.Count > 0)
        {
            var (id, message) = _toApp.Dequeue();
            Deliver(id, message);
        }

        _delivering = false;
    }

    /// <summary>The distribute module of spec §4.2, reduced to what the scripts need.</summary>
    private void Deliver(string dialogueId, JsipMessage message)
    {
        if (!_instances.TryGetValue(dialogueId, out var instance))
        {
            if (!message.IsRequest || !message.Method.CanStartDialogue())
            {
                throw new InvalidOperationException($"{message} reached no SLP instance.");
            }

            instance = TestSlp.Create(this, message);
            Instances.Add(instance);
            Bind(dialogueId, instance);
        }

        instance.Process(message);
    }
}
