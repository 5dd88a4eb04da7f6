using System.Buffers;
using BenchmarkDotNet.Attributes;
using GoRtc.Jsip;

namespace GoRtc.Benchmarks;

/// <summary>
/// Parse + validate (one call: <see cref="JsipCodec.Parse(ReadOnlySpan{byte})"/> checks every rule of spec §1.6) and
/// serialize (into a reused buffer, as a send loop does, and to a fresh array).
/// Not sealed: BenchmarkDotNet derives its runner from the class.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private JsipMessage _message = null!;
    private JsipMessage _invite = null!;
    private JsipMessage _ok = null!;
    private JsipMessage _chat = null!;

    [GlobalSetup]
    public void Setup()
    {
        _message = Parsed(SampleMessages.Message);
        _invite = Parsed(SampleMessages.InviteWithSdp);
        _ok = Parsed(SampleMessages.Ok);
        _chat = Parsed(SampleMessages.ChatMessage);
    }

    [Benchmark]
    public JsipMessage? ParseMessage() => JsipCodec.Parse(SampleMessages.Message).Message;

    [Benchmark]
    public JsipMessage? ParseChatMessage() => JsipCodec.Parse(SampleMessages.ChatMessage).Message;

    [Benchmark]
    public JsipMessage? ParseInviteWithSdp() => JsipCodec.Parse(SampleMessages.InviteWithSdp).Message;

    [Benchmark]
    public JsipMessage? Parse200() => JsipCodec.Parse(SampleMessages.Ok).Message;

    [Benchmark]
    public int WriteMessage() => Write(_message);

    [Benchmark]
    public int WriteChatMessage() => Write(_chat);

    [Benchmark]
    public int WriteInviteWithSdp() => Write(_invite);

    [Benchmark]
    public int Write200() => Write(_ok);

    [Benchmark]
    public byte[] SerializeMessageToArray() => JsipCodec.Serialize(_message);

    private int Write(JsipMessage message)
    {
        _output.ResetWrittenCount();
        JsipCodec.Write(message, _output);
        return _output.WrittenCount;
    }

    private static JsipMessage Parsed(byte[] utf8) =>
        JsipCodec.Parse(utf8).Message ?? throw new InvalidOperationException("a sample message does not parse");
}
