using System.Text;

namespace GoRtc.LoadTest.Tests;

public sealed class FrameParserTests
{
    [Fact]
    public void A_response_gives_code_cseq_and_dialogue_id()
    {
        var frame = Encoding.UTF8.GetBytes("""{"Type":"RESPONSE","Code":180,"Desc":"Ringing","CSeq":1,"DialogueID":"run-3-17","X":{"a":[1,2]}}""");

        Assert.True(FrameParser.TryParse(frame, out var f));

        Assert.True(f.IsResponse);
        Assert.Equal(180, f.Code);
        Assert.Equal(1, f.CSeq);
        Assert.Equal("run-3-17", Encoding.UTF8.GetString(frame, f.DialogueIdStart, f.DialogueIdLength));
        Assert.False(f.DialogueIdEscaped);
    }

    [Fact]
    public void A_chat_copy_gives_its_raw_body_and_dialogue_id()
    {
        var frame = Encoding.UTF8.GetBytes("""{"Type":"MESSAGE","Request-URI":"a@gortc.com","CSeq":4000000000,"DialogueID":"s\/1","Body":"12:345"}""");

        Assert.True(FrameParser.TryParse(frame, out var f));

        Assert.False(f.IsResponse);
        Assert.Equal("MESSAGE", f.RequestType);
        Assert.Equal(4_000_000_000, f.CSeq);
        Assert.Equal("12:345", Encoding.UTF8.GetString(frame, f.BodyStart, f.BodyLength));
        Assert.Equal("s\\/1", Encoding.UTF8.GetString(frame, f.DialogueIdStart, f.DialogueIdLength));
        Assert.True(f.DialogueIdEscaped);
    }

    [Fact]
    public void A_body_that_is_not_a_string_is_skipped()
    {
        var frame = Encoding.UTF8.GetBytes("""{"Type":"MESSAGE","Body":{"text":"hi"},"CSeq":2}""");

        Assert.True(FrameParser.TryParse(frame, out var f));

        Assert.Equal(-1, f.BodyStart);
        Assert.Equal(2, f.CSeq);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"Code":200}""")]
    [InlineData("""{"Type":"RESPONSE","Code":"200"}""")]
    public void Frames_that_are_not_jsip_are_refused(string text) =>
        Assert.False(FrameParser.TryParse(Encoding.UTF8.GetBytes(text), out _));
}
