using System.Buffers;
using System.Text;
using System.Text.Json;

namespace GoRtc.Jsip.Tests;

/// <summary>Send rules of <see cref="JsipCodec.Write"/> (spec §1.1-§1.3, §1.5).</summary>
public sealed class JsipCodecWriteTests
{
    private static string Text(JsipMessage m) => Encoding.UTF8.GetString(JsipCodec.Serialize(m));

    private static JsipMessage Invite() =>
        JsipMessage.CreateRequest(JsipMethod.Invite, "Recv_INVITE", "Alex@gortc.com", "Bob@gortc.com", "dlg-1", 7);

    [Fact]
    public void Request_is_written_with_its_method_as_Type_and_the_mandatory_headers()
    {
        Assert.Equal(
            """{"Type":"INVITE","Request-URI":"Recv_INVITE","From":"Alex@gortc.com","To":"Bob@gortc.com","CSeq":7,"DialogueID":"dlg-1"}""",
            Text(Invite()));
    }

    [Fact]
    public void Response_is_written_with_Type_RESPONSE_Code_and_Desc_and_no_Request_URI()
    {
        var response = Invite().CreateResponse(180);

        Assert.Equal(
            """{"Type":"RESPONSE","Code":180,"Desc":"Ringing","From":"Alex@gortc.com","To":"Bob@gortc.com","CSeq":7,"DialogueID":"dlg-1"}""",
            Text(response));
    }

    [Theory]
    [InlineData(200, "OK")]
    [InlineData(487, "Request Terminated")]
    [InlineData(199, "User Defined Provisional Response")]
    [InlineData(499, "User Defined Client Error Response")]
    public void Desc_is_regenerated_from_the_code_table_on_every_send(int code, string desc)
    {
        var received = JsipAssert.Valid(
            $$"""{"Type":"RESPONSE","Code":{{code}},"Desc":"Made up","From":"a","To":"b","CSeq":1,"DialogueID":"d"}""");

        using var json = JsonDocument.Parse(JsipCodec.Serialize(received));

        Assert.Equal(desc, json.RootElement.GetProperty("Desc").GetString());
    }

    [Fact]
    public void Router_is_joined_with_comma_and_space()
    {
        var m = Invite();
        m.Router = ["Alex@gortc.com", "Bob@gortc.com;type=chat"];

        Assert.Contains("\"Router\":\"Alex@gortc.com, Bob@gortc.com;type=chat\"", Text(m), StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_Router_RelatedID_Expire_and_Body_are_not_written()
    {
        var m = Invite();
        m.Router = [];

        var text = Text(m);

        Assert.DoesNotContain("Router", text, StringComparison.Ordinal);
        Assert.DoesNotContain("RelatedID", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Expire", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Body", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RelatedID_and_Expire_are_written_as_numbers_when_set()
    {
        var m = Invite().CreateCancel(9);
        m.Expire = 600;

        Assert.EndsWith("\"DialogueID\":\"dlg-1\",\"RelatedID\":7,\"Expire\":600}", Text(m), StringComparison.Ordinal);
    }

    [Fact]
    public void Extra_headers_and_Body_are_written_raw_after_the_typed_headers()
    {
        var m = Invite();
        m.SetHeader("X-Obj", JsipValue.FromRawJson("{ \"a\" : [1, 2] }"));
        m.SetHeader(JsipHeaderNames.PAssertedIdentity, "Alex@gortc.com");
        m.Body = JsipValue.FromRawJson("[true,null]");

        Assert.EndsWith(
            "\"DialogueID\":\"dlg-1\",\"X-Obj\":{ \"a\" : [1, 2] },\"P-Asserted-Identity\":\"Alex@gortc.com\",\"Body\":[true,null]}",
            Text(m),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_escape_only_what_JSON_requires_and_keep_other_text_as_UTF8()
    {
        var m = Invite();
        m.From = "张三 <a&b+c> \"q\" \\ \n\u0001";

        var text = Text(m);

        Assert.Contains("\"From\":\"张三 <a&b+c> \\\"q\\\" \\\\ \\n\\u0001\"", text, StringComparison.Ordinal);
        Assert.Equal(m.From, JsipAssert.Valid(text).From);
    }

    [Fact]
    public void Request_without_a_method_cannot_be_written()
    {
        var m = new JsipMessage { RequestUri = "x", From = "a", To = "b", CSeq = 1, DialogueId = "d" };

        Assert.Throws<InvalidOperationException>(() => JsipCodec.Serialize(m));
    }

    [Fact]
    public void Writer_does_not_check_semantics()
    {
        var m = new JsipMessage { Method = JsipMethod.Bye };

        Assert.Equal("""{"Type":"BYE","Request-URI":"","From":"","To":"","CSeq":0,"DialogueID":""}""", Text(m));
    }

    [Fact]
    public void Write_appends_to_the_callers_buffer_and_matches_Serialize()
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("prefix"u8);

        JsipCodec.Write(Invite(), buffer);

        Assert.Equal([.. "prefix"u8, .. JsipCodec.Serialize(Invite())], buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Writer_is_reusable_after_a_failed_write()
    {
        Assert.Throws<InvalidOperationException>(() => JsipCodec.Serialize(new JsipMessage()));

        Assert.StartsWith("{\"Type\":\"INVITE\"", Text(Invite()), StringComparison.Ordinal);
    }

    [Fact]
    public void Large_message_is_written_whole()
    {
        var m = Invite();
        m.Body = JsipValue.FromString(new string('x', 200_000));

        var again = JsipAssert.Valid(JsipCodec.Serialize(m));

        Assert.Equal(m.Body, again.Body);
        Assert.Equal("Recv_INVITE", JsipAssert.Valid(JsipCodec.Serialize(Invite())).RequestUri);
    }

    [Fact]
    public void Parse_then_Write_then_Parse_keeps_typed_fields_headers_and_body_bytes()
    {
        var wire = """
            { "Body": {"k": [1, 2.50, "x"]}, "X-Z": "last?", "DialogueID": "d", "CSeq": 3.0, "To": "b", "From": "a",
              "Router": " r1 ,r2;type=t", "Expire": 20, "RelatedID": 2, "Request-URI": "u", "Type": "SUBSCRIBE",
              "P-Asserted-Identity": "Alex@gortc.com", "Code": 5, "Desc": "x" }
            """;
        var first = JsipAssert.Valid(wire);

        var second = JsipAssert.Valid(JsipCodec.Serialize(first));

        JsipAssert.SameMessage(first, second);
        Assert.Equal(["r1", "r2;type=t"], second.Router);
        Assert.Equal("{\"k\": [1, 2.50, \"x\"]}", second.Body.ToString());
        Assert.Equal(["X-Z=\"last?\"", "P-Asserted-Identity=\"Alex@gortc.com\""], JsipAssert.Describe(second.Headers));
    }

    [Fact]
    public void Writing_is_safe_from_many_threads()
    {
        var expected = JsipCodec.Serialize(Invite());

        Parallel.For(0, 2_000, i =>
        {
            var m = Invite();
            m.SetHeader("X-I", i);
            var text = Encoding.UTF8.GetString(JsipCodec.Serialize(m));
            Assert.Equal(Encoding.UTF8.GetString(expected)[..^1] + $",\"X-I\":{i}}}", text);
        });
    }
}
