using System.Text;

namespace GoRtc.Jsip.Tests;

/// <summary>Receive rules of <see cref="JsipCodec.Parse(ReadOnlySpan{byte})"/> (spec §1.1, §1.2, §1.6).</summary>
public sealed class JsipCodecParseTests
{
    private const string Invite =
        """{"Type":"INVITE","Request-URI":"Recv_INVITE","From":"Alex@gortc.com","To":"Bob@gortc.com","CSeq":7,"DialogueID":"dlg-1"}""";

    private const string Ok200 =
        """{"Type":"RESPONSE","Code":200,"From":"Alex@gortc.com","To":"Bob@gortc.com","CSeq":7,"DialogueID":"dlg-1"}""";

    private static string With(string json, string members) => json[..^1] + "," + members + "}";

    private static string Without(string json, string key)
    {
        var start = json.IndexOf($"\"{key}\":", StringComparison.Ordinal);
        var end = json.IndexOfAny([',', '}'], start);
        var cut = json[end] == ',' ? json.Remove(start, end - start + 1) : json.Remove(start - 1, end - start + 1);
        return cut;
    }

    [Fact]
    public void Request_headers_are_read_into_typed_fields()
    {
        var m = JsipAssert.Valid(With(Invite, "\"Router\":\"gortc.com;type=test\",\"RelatedID\":3,\"Expire\":600"));

        Assert.True(m.IsRequest);
        Assert.Equal(JsipMethod.Invite, m.Method);
        Assert.Equal(0, m.Code);
        Assert.Equal("Recv_INVITE", m.RequestUri);
        Assert.Equal("Alex@gortc.com", m.From);
        Assert.Equal("Bob@gortc.com", m.To);
        Assert.Equal(7u, m.CSeq);
        Assert.Equal("dlg-1", m.DialogueId);
        Assert.Equal(["gortc.com;type=test"], m.Router);
        Assert.Equal(3u, m.RelatedId);
        Assert.Equal(600L, m.Expire);
        Assert.True(m.Body.IsEmpty);
        Assert.Equal(0, m.Headers.Count);
    }

    [Fact]
    public void Response_is_read_with_its_Code_and_Method_None()
    {
        var m = JsipAssert.Valid(Ok200);

        Assert.True(m.IsResponse);
        Assert.Equal(200, m.Code);
        Assert.Equal(JsipMethod.None, m.Method);
        Assert.Equal(string.Empty, m.RequestUri);
    }

    [Theory]
    [InlineData("INVITE", JsipMethod.Invite)]
    [InlineData("ACK", JsipMethod.Ack)]
    [InlineData("BYE", JsipMethod.Bye)]
    [InlineData("CANCEL", JsipMethod.Cancel)]
    [InlineData("REGISTER", JsipMethod.Register)]
    [InlineData("OPTIONS", JsipMethod.Options)]
    [InlineData("INFO", JsipMethod.Info)]
    [InlineData("UPDATE", JsipMethod.Update)]
    [InlineData("PRACK", JsipMethod.Prack)]
    [InlineData("SUBSCRIBE", JsipMethod.Subscribe)]
    [InlineData("MESSAGE", JsipMethod.Message)]
    [InlineData("NOTIFY", JsipMethod.Notify)]
    public void Type_names_every_JSIP_method_exactly(string type, JsipMethod method)
    {
        var m = JsipAssert.Valid(Invite.Replace("\"INVITE\"", $"\"{type}\"", StringComparison.Ordinal));

        Assert.Equal(method, m.Method);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("invite")]
    [InlineData("Invite")]
    [InlineData("response")]
    [InlineData("")]
    public void Type_that_is_no_method_nor_RESPONSE_is_rejected_with_Unknown_Type(string type)
    {
        var result = JsipAssert.Rejected(Invite.Replace("\"INVITE\"", $"\"{type}\"", StringComparison.Ordinal), JsipRejection.UnknownType);

        Assert.False(result.CanAnswer);
        Assert.Equal(JsipMethod.None, result.Partial!.Method);
    }

    [Fact]
    public void Type_that_is_not_a_string_is_rejected_with_Invalid_Type() =>
        JsipAssert.Rejected(Invite.Replace("\"INVITE\"", "12", StringComparison.Ordinal), JsipRejection.InvalidType);

    [Fact]
    public void Message_without_Type_is_rejected_with_Missing_Type() =>
        JsipAssert.Rejected(Without(Invite, "Type"), JsipRejection.MissingType);

    [Fact]
    public void Request_without_From_is_rejected_with_Missing_From()
    {
        var result = JsipAssert.Rejected(Without(Invite, "From"), JsipRejection.MissingFrom);

        Assert.True(result.CanAnswer);
        Assert.Equal("Missing From", result.Rejection.ToReason());
    }

    [Fact]
    public void Request_with_empty_From_is_rejected_with_Invalid_From() =>
        JsipAssert.Rejected(Invite.Replace("\"Alex@gortc.com\"", "\"\"", StringComparison.Ordinal), JsipRejection.InvalidFrom);

    [Fact]
    public void Request_without_To_is_rejected_with_Missing_To() =>
        JsipAssert.Rejected(Without(Invite, "To"), JsipRejection.MissingTo);

    [Fact]
    public void Request_without_Request_URI_is_rejected_with_Missing_Request_URI() =>
        JsipAssert.Rejected(Without(Invite, "Request-URI"), JsipRejection.MissingRequestUri);

    [Fact]
    public void Request_with_empty_Request_URI_is_rejected_with_Invalid_Request_URI() =>
        JsipAssert.Rejected(Invite.Replace("\"Recv_INVITE\"", "\"\"", StringComparison.Ordinal), JsipRejection.InvalidRequestUri);

    [Fact]
    public void Request_with_empty_DialogueID_is_rejected_with_Invalid_DialogueID_and_cannot_be_answered()
    {
        var result = JsipAssert.Rejected(Invite.Replace("\"dlg-1\"", "\"\"", StringComparison.Ordinal), JsipRejection.InvalidDialogueId);

        Assert.False(result.CanAnswer);
    }

    [Fact]
    public void Response_without_Code_is_rejected_with_Missing_Code() =>
        JsipAssert.Rejected(Without(Ok200, "Code"), JsipRejection.MissingCode);

    [Theory]
    [InlineData("0")]
    [InlineData("99")]
    [InlineData("700")]
    [InlineData("-1")]
    [InlineData("200.5")]
    [InlineData("\"200\"")]
    [InlineData("true")]
    public void Response_Code_that_is_not_an_integer_from_100_to_699_is_rejected_with_Invalid_Code(string code) =>
        JsipAssert.Rejected(Ok200.Replace("200", code, StringComparison.Ordinal), JsipRejection.InvalidCode);

    [Theory]
    [InlineData("100", 100)]
    [InlineData("699", 699)]
    [InlineData("180.0", 180)]
    [InlineData("4.87e2", 487)]
    public void Response_Code_that_is_an_integral_number_from_100_to_699_is_accepted(string code, int expected) =>
        Assert.Equal(expected, JsipAssert.Valid(Ok200.Replace("200", code, StringComparison.Ordinal)).Code);

    [Theory]
    [InlineData("0")]
    [InlineData("2.9")]
    [InlineData("-1")]
    [InlineData("\"1\"")]
    [InlineData("4294967296")]
    [InlineData("null")]
    [InlineData("1e400")]
    public void CSeq_that_is_not_an_integer_from_1_to_4294967295_is_rejected_with_Invalid_CSeq(string cseq)
    {
        var result = JsipAssert.Rejected(Invite.Replace("\"CSeq\":7", "\"CSeq\":" + cseq, StringComparison.Ordinal), JsipRejection.InvalidCSeq);

        Assert.False(result.CanAnswer);
    }

    [Theory]
    [InlineData("1", 1u)]
    [InlineData("4294967295", 4294967295u)]
    [InlineData("2.0", 2u)]
    [InlineData("1e3", 1000u)]
    public void CSeq_that_is_an_integral_number_in_range_is_accepted(string cseq, uint expected) =>
        Assert.Equal(expected, JsipAssert.Valid(Invite.Replace("\"CSeq\":7", "\"CSeq\":" + cseq, StringComparison.Ordinal)).CSeq);

    [Fact]
    public void Request_without_CSeq_is_rejected_with_Missing_CSeq_and_cannot_be_answered()
    {
        var result = JsipAssert.Rejected(Without(Invite, "CSeq"), JsipRejection.MissingCSeq);

        Assert.False(result.CanAnswer);
    }

    [Fact]
    public void Desc_on_receive_is_dropped()
    {
        var m = JsipAssert.Valid(With(Ok200, "\"Desc\":\"Whatever\""));

        Assert.False(m.Headers.Contains(JsipHeaderNames.Desc));
        Assert.DoesNotContain("Whatever", Encoding.UTF8.GetString(JsipCodec.Serialize(m)), StringComparison.Ordinal);
    }

    [Fact]
    public void Request_URI_on_a_response_is_ignored()
    {
        var m = JsipAssert.Valid(With(Ok200, "\"Request-URI\":42"));

        Assert.Equal(string.Empty, m.RequestUri);
        Assert.Equal(0, m.Headers.Count);
    }

    [Fact]
    public void Code_on_a_request_is_ignored()
    {
        var m = JsipAssert.Valid(With(Invite, "\"Code\":200"));

        Assert.True(m.IsRequest);
        Assert.Equal(0, m.Headers.Count);
    }

    [Fact]
    public void Router_is_split_on_commas_and_each_entry_is_trimmed()
    {
        var m = JsipAssert.Valid(With(Invite, "\"Router\":\" Alex@gortc.com ,Bob@gortc.com:8080;relid=1 \""));

        Assert.Equal(["Alex@gortc.com", "Bob@gortc.com:8080;relid=1"], m.Router);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"a@b@c\"")]
    [InlineData("\"room:x\"")]
    [InlineData("\"gortc.com, \"")]
    [InlineData("5")]
    public void Request_Router_that_is_not_a_list_of_valid_URIs_is_rejected_with_Invalid_Router(string router)
    {
        var result = JsipAssert.Rejected(With(Invite, "\"Router\":" + router), JsipRejection.InvalidRouter);

        Assert.True(result.CanAnswer);
        Assert.NotNull(result.Detail);
    }

    [Fact]
    public void Response_Router_is_split_but_not_validated()
    {
        var m = JsipAssert.Valid(With(Ok200, "\"Router\":\"a@b@c, \""));

        Assert.Equal(["a@b@c", ""], m.Router);
    }

    [Fact]
    public void Null_Router_RelatedID_Expire_and_Body_are_absent()
    {
        var m = JsipAssert.Valid(With(Invite, "\"Router\":null,\"RelatedID\":null,\"Expire\":null,\"Body\":null"));

        Assert.False(m.HasRouter);
        Assert.Null(m.RelatedId);
        Assert.Null(m.Expire);
        Assert.True(m.Body.IsEmpty);
        Assert.Equal(0, m.Headers.Count);
    }

    [Theory]
    [InlineData("\"aaaa\"")]
    [InlineData("12.5e-3")]
    [InlineData("{\"sdp\":\"v=0\\r\\n\",\"a\":[1,{}]}")]
    [InlineData("[1, \"x\" , null]")]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("\"\"")]
    public void Body_of_any_JSON_kind_is_kept_as_its_exact_bytes(string body)
    {
        var m = JsipAssert.Valid(With(Invite, "\"Body\":" + body));

        Assert.Equal(body, m.Body.ToString());
    }

    [Fact]
    public void Unknown_headers_are_kept_raw_in_arrival_order()
    {
        var m = JsipAssert.Valid(With(Invite, "\"Z-Last\":{\"b\" : [1,2]},\"P-Asserted-Identity\":\"Alex@gortc.com\",\"a\":null,\"from\":\"x\""));

        Assert.Equal(["Z-Last={\"b\" : [1,2]}", "P-Asserted-Identity=\"Alex@gortc.com\"", "a=null", "from=\"x\""], JsipAssert.Describe(m.Headers));
        Assert.Equal("Alex@gortc.com", m.GetString(JsipHeaderNames.PAssertedIdentity));
    }

    [Fact]
    public void Unknown_header_holding_a_lone_surrogate_is_kept_raw_and_has_no_string_form()
    {
        var m = JsipAssert.Valid(With(Invite, "\"X-Odd\":\"\\udfff\""));

        Assert.Equal("\"\\udfff\"", m.Headers["X-Odd"].ToString());
        Assert.Null(m.GetString("X-Odd"));
        Assert.Contains("\"X-Odd\":\"\\udfff\"", Encoding.UTF8.GetString(JsipCodec.Serialize(m)), StringComparison.Ordinal);
    }

    [Fact]
    public void Escaped_key_names_are_matched_after_decoding()
    {
        var m = JsipAssert.Valid(Invite.Replace("\"From\"", "\"\\u0046rom\"", StringComparison.Ordinal));

        Assert.Equal("Alex@gortc.com", m.From);
    }

    [Fact]
    public void Duplicate_top_level_key_is_rejected_with_Duplicate_Header()
    {
        var result = JsipAssert.Rejected(With(Invite, "\"From\":\"Eve\""), JsipRejection.DuplicateHeader);

        Assert.True(result.CanAnswer);
        Assert.Equal("Alex@gortc.com", result.Partial.From);
        Assert.Contains("From", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Type", "\"BYE\"")]
    [InlineData("CSeq", "8")]
    [InlineData("DialogueID", "\"dlg-2\"")]
    public void Duplicate_Type_CSeq_or_DialogueID_cannot_be_answered(string key, string value)
    {
        var result = JsipAssert.Rejected(With(Invite, $"\"{key}\":{value}"), JsipRejection.DuplicateHeader);

        Assert.False(result.CanAnswer);
    }

    [Fact]
    public void Duplicate_among_many_unknown_headers_is_found()
    {
        var members = string.Join(",", Enumerable.Range(0, 100).Select(i => $"\"X-{i}\":{i}"));

        var m = JsipAssert.Valid(With(Invite, members));
        Assert.Equal(100, m.Headers.Count);

        JsipAssert.Rejected(With(Invite, members + ",\"X-3\":3"), JsipRejection.DuplicateHeader);
    }

    [Fact]
    public void Duplicate_key_inside_Body_is_not_a_duplicate_header() =>
        JsipAssert.Valid(With(Invite, "\"Body\":{\"a\":1,\"a\":2}"));

    [Fact]
    public void Duplicate_key_in_otherwise_broken_JSON_is_Not_JSON() =>
        JsipAssert.Rejected(With(Invite, "\"From\":\"Eve\",")[..^1], JsipRejection.NotJson);

    [Theory]
    [InlineData("[]")]
    [InlineData("\"INVITE\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void Valid_JSON_that_is_not_an_object_is_rejected_with_Not_Object(string json) =>
        JsipAssert.Rejected(json, JsipRejection.NotObject);

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[1,")]
    [InlineData("{\"Type\":\"INVITE\",}")]
    [InlineData("// c\n{}")]
    [InlineData("{} {}")]
    public void Malformed_JSON_is_rejected_with_Not_JSON(string json)
    {
        var result = JsipAssert.Rejected(json, JsipRejection.NotJson);

        Assert.Null(result.Partial);
        Assert.False(result.CanAnswer);
    }

    [Fact]
    public void Invalid_UTF8_is_rejected_with_Not_JSON()
    {
        var bytes = Encoding.UTF8.GetBytes(Invite);
        bytes[Invite.IndexOf("Alex", StringComparison.Ordinal)] = 0xFF;

        Assert.Equal(JsipRejection.NotJson, JsipCodec.Parse(bytes).Rejection);
    }

    [Fact]
    public void Nesting_of_64_levels_is_accepted_and_65_is_rejected_with_Too_Deep()
    {
        // The message object is level 1, so a Body of n nested arrays reaches level n + 1.
        JsipAssert.Valid(With(Invite, "\"Body\":" + new string('[', 63) + new string(']', 63)));

        var result = JsipAssert.Rejected(With(Invite, "\"Body\":" + new string('[', 64) + new string(']', 64)), JsipRejection.TooDeep);
        Assert.False(result.CanAnswer);
    }

    [Fact]
    public void Payload_longer_than_the_limit_is_rejected_with_Frame_too_large()
    {
        var bytes = Encoding.UTF8.GetBytes(Invite);

        Assert.Equal(JsipRejection.FrameTooLarge, JsipCodec.Parse(bytes, bytes.Length - 1).Rejection);
        Assert.True(JsipCodec.Parse(bytes, bytes.Length).IsValid);
        Assert.Equal("Frame too large", JsipParseResult.Rejected(JsipRejection.FrameTooLarge).Rejection.ToReason());
    }

    [Theory]
    [InlineData("RelatedID", "-1", JsipRejection.InvalidRelatedId)]
    [InlineData("RelatedID", "4294967296", JsipRejection.InvalidRelatedId)]
    [InlineData("RelatedID", "\"1\"", JsipRejection.InvalidRelatedId)]
    [InlineData("Expire", "-1", JsipRejection.InvalidExpire)]
    [InlineData("Expire", "2147483648", JsipRejection.InvalidExpire)]
    [InlineData("Expire", "60.5", JsipRejection.InvalidExpire)]
    public void Optional_numeric_header_out_of_its_range_is_rejected(string key, string value, JsipRejection expected) =>
        JsipAssert.Rejected(With(Invite, $"\"{key}\":{value}"), expected);

    [Theory]
    [InlineData("Type", "From", JsipRejection.MissingType)]
    [InlineData("Request-URI", "From", JsipRejection.MissingRequestUri)]
    [InlineData("From", "To", JsipRejection.MissingFrom)]
    [InlineData("To", "CSeq", JsipRejection.MissingTo)]
    [InlineData("CSeq", "DialogueID", JsipRejection.MissingCSeq)]
    public void First_failing_check_in_the_reference_order_decides_the_rejection(string first, string second, JsipRejection expected) =>
        JsipAssert.Rejected(Without(Without(Invite, second), first), expected);

    [Fact]
    public void Missing_DialogueID_wins_over_an_invalid_Router() =>
        JsipAssert.Rejected(With(Without(Invite, "DialogueID"), "\"Router\":\"\""), JsipRejection.MissingDialogueId);

    [Fact]
    public void Partial_holds_what_was_readable_from_a_rejected_request()
    {
        var result = JsipAssert.Rejected(
            With(Without(Invite, "To"), "\"Body\":\"b\",\"P-Asserted-Identity\":\"Alex@gortc.com\""), JsipRejection.MissingTo);

        var partial = result.Partial!;
        Assert.Equal(JsipMethod.Invite, partial.Method);
        Assert.Equal("Alex@gortc.com", partial.From);
        Assert.Equal(string.Empty, partial.To);
        Assert.Equal(7u, partial.CSeq);
        Assert.Equal("dlg-1", partial.DialogueId);
        Assert.Equal("\"b\"", partial.Body.ToString());
        Assert.True(partial.Headers.Contains(JsipHeaderNames.PAssertedIdentity));
    }

    [Fact]
    public void Rejected_request_is_answered_400_with_only_the_identifying_headers_and_a_Reason()
    {
        var result = JsipAssert.Rejected(With(Without(Invite, "From"), "\"Expire\":30,\"X-A\":1"), JsipRejection.MissingFrom);

        var answer = result.CreateRejectionResponse();

        Assert.Equal(400, answer.Code);
        Assert.Equal(JsipMethod.Invite, answer.Method);
        Assert.Equal("Bob@gortc.com", answer.To);
        Assert.Equal(7u, answer.CSeq);
        Assert.Equal("dlg-1", answer.DialogueId);
        Assert.Null(answer.Expire);
        Assert.Equal(["Reason=\"Missing From\""], JsipAssert.Describe(answer.Headers));
    }

    [Fact]
    public void Rejected_ACK_cannot_be_answered()
    {
        var result = JsipAssert.Rejected(Without(Invite.Replace("\"INVITE\"", "\"ACK\"", StringComparison.Ordinal), "From"), JsipRejection.MissingFrom);

        Assert.False(result.CanAnswer);
    }

    [Fact]
    public void Rejected_response_cannot_be_answered()
    {
        var result = JsipAssert.Rejected(Without(Ok200, "From"), JsipRejection.MissingFrom);

        Assert.False(result.CanAnswer);
        Assert.Equal(200, result.Partial!.Code);
    }

    [Fact]
    public void Rejected_result_cannot_be_made_for_None() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => JsipParseResult.Rejected(JsipRejection.None));

    [Fact]
    public void Default_result_is_not_valid() => Assert.False(default(JsipParseResult).IsValid);
}
