namespace GoRtc.Jsip.Tests;

/// <summary>The SDK constructors of spec §1.7.</summary>
public sealed class JsipMessageBuilderTests
{
    private static JsipMessage Invite()
    {
        var invite = JsipMessage.CreateRequest(JsipMethod.Invite, "Recv_INVITE", "Alex@gortc.com", "Bob@gortc.com", "dlg-1", 7);
        invite.Router = ["gortc.com;type=test"];
        invite.Expire = 600;
        invite.RelatedId = 5;
        invite.SetHeader(JsipHeaderNames.PAssertedIdentity, "Alex@gortc.com");
        invite.Body = JsipValue.FromString("sdp");
        return invite;
    }

    private static JsipMessage FinalResponse(int code)
    {
        var response = Invite().CreateResponse(code);
        response.To = "Bob@elsewhere.com";
        return response;
    }

    [Fact]
    public void CreateRequest_picks_a_random_nonzero_CSeq_unless_one_is_given()
    {
        var random = JsipMessage.CreateRequest(JsipMethod.Message, "u", "a", "b", "d");
        var fixedCSeq = JsipMessage.CreateRequest(JsipMethod.Message, "u", "a", "b", "d", 42);

        Assert.NotEqual(0u, random.CSeq);
        Assert.Equal(42u, fixedCSeq.CSeq);
        Assert.Equal(0, random.Headers.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => JsipMessage.CreateRequest(JsipMethod.None, "u", "a", "b", "d"));
    }

    [Fact]
    public void CreateResponse_copies_only_Method_From_To_CSeq_and_DialogueID()
    {
        var response = Invite().CreateResponse(200);

        Assert.Equal(JsipMethod.Invite, response.Method);
        Assert.Equal(200, response.Code);
        Assert.Equal("Alex@gortc.com", response.From);
        Assert.Equal("Bob@gortc.com", response.To);
        Assert.Equal(7u, response.CSeq);
        Assert.Equal("dlg-1", response.DialogueId);
        Assert.Equal(string.Empty, response.RequestUri);
        Assert.False(response.HasRouter);
        Assert.Null(response.Expire);
        Assert.Null(response.RelatedId);
        Assert.True(response.Body.IsEmpty);
        Assert.Equal(0, response.Headers.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(99)]
    [InlineData(700)]
    public void CreateResponse_refuses_a_code_outside_100_to_699(int code) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Invite().CreateResponse(code));

    [Fact]
    public void CreateResponse_refuses_to_answer_a_response() =>
        Assert.Throws<InvalidOperationException>(() => Invite().CreateResponse(200).CreateResponse(200));

    [Fact]
    public void CreateResponse_with_reason_adds_a_Reason_header()
    {
        var response = Invite().CreateResponse(400, "Missing From");

        Assert.Equal("Missing From", response.GetString(JsipHeaderNames.Reason));
    }

    [Theory]
    [InlineData(200)]
    [InlineData(486)]
    public void CreateAck_for_an_INVITE_final_response_targets_its_To_and_relates_to_its_CSeq(int code)
    {
        var response = FinalResponse(code);

        var ack = response.CreateAck();

        Assert.Equal(JsipMethod.Ack, ack.Method);
        Assert.True(ack.IsRequest);
        Assert.Equal("Bob@elsewhere.com", ack.RequestUri);
        Assert.Equal("Alex@gortc.com", ack.From);
        Assert.Equal("Bob@elsewhere.com", ack.To);
        Assert.Equal("dlg-1", ack.DialogueId);
        Assert.Equal(7u, ack.RelatedId);
        Assert.NotEqual(0u, ack.CSeq);
        Assert.Equal(0, ack.Headers.Count);
        Assert.Equal(11u, response.CreateAck(11).CSeq);
    }

    [Fact]
    public void CreateAck_is_only_for_a_final_response_to_an_INVITE()
    {
        Assert.Throws<InvalidOperationException>(() => Invite().CreateResponse(180).CreateAck());
        Assert.Throws<InvalidOperationException>(() => Invite().CreateAck());
        var bye200 = Invite().CreateBye(3).CreateResponse(200);
        Assert.Throws<InvalidOperationException>(() => bye200.CreateAck());
    }

    [Fact]
    public void CreateCancel_copies_the_INVITE_addressing_and_relates_to_its_CSeq()
    {
        var cancel = Invite().CreateCancel();

        Assert.Equal(JsipMethod.Cancel, cancel.Method);
        Assert.Equal("Recv_INVITE", cancel.RequestUri);
        Assert.Equal("Alex@gortc.com", cancel.From);
        Assert.Equal("Bob@gortc.com", cancel.To);
        Assert.Equal("dlg-1", cancel.DialogueId);
        Assert.Equal(7u, cancel.RelatedId);
        Assert.NotEqual(0u, cancel.CSeq);
        Assert.False(cancel.HasRouter);
        Assert.Equal(0, cancel.Headers.Count);
    }

    [Fact]
    public void CreateBye_and_CreateUpdate_keep_From_and_To_unswapped_and_have_no_RelatedID()
    {
        var invite = Invite();

        foreach (var (request, method) in new[] { (invite.CreateBye(), JsipMethod.Bye), (invite.CreateUpdate(), JsipMethod.Update) })
        {
            Assert.Equal(method, request.Method);
            Assert.Equal("Recv_INVITE", request.RequestUri);
            Assert.Equal("Alex@gortc.com", request.From);
            Assert.Equal("Bob@gortc.com", request.To);
            Assert.Equal("dlg-1", request.DialogueId);
            Assert.Null(request.RelatedId);
            Assert.NotEqual(0u, request.CSeq);
            Assert.True(request.Body.IsEmpty);
        }
    }

    [Fact]
    public void CANCEL_BYE_and_UPDATE_are_built_only_from_an_INVITE_request()
    {
        var message = JsipMessage.CreateRequest(JsipMethod.Message, "u", "a", "b", "d");
        var response = Invite().CreateResponse(200);

        Assert.Throws<InvalidOperationException>(() => message.CreateCancel());
        Assert.Throws<InvalidOperationException>(() => message.CreateBye());
        Assert.Throws<InvalidOperationException>(() => message.CreateUpdate());
        Assert.Throws<InvalidOperationException>(() => response.CreateCancel());
    }

    [Fact]
    public void CloneForDialogue_keeps_extra_headers_and_body_and_gives_a_request_a_new_CSeq()
    {
        var invite = Invite();

        var clone = invite.CloneForDialogue("dlg-2");

        Assert.Equal("dlg-2", clone.DialogueId);
        Assert.NotEqual(invite.CSeq, clone.CSeq);
        Assert.NotEqual(0u, clone.CSeq);
        Assert.Equal(invite.Method, clone.Method);
        Assert.Equal(invite.RequestUri, clone.RequestUri);
        Assert.Equal(invite.Router, clone.Router);
        Assert.Equal(invite.Expire, clone.Expire);
        Assert.Equal(invite.RelatedId, clone.RelatedId);
        Assert.Equal(invite.Body, clone.Body);
        Assert.Equal(JsipAssert.Describe(invite.Headers), JsipAssert.Describe(clone.Headers));
    }

    [Fact]
    public void CloneForDialogue_of_a_response_keeps_its_CSeq()
    {
        var response = Invite().CreateResponse(200);

        Assert.Equal(7u, response.CloneForDialogue("dlg-2").CSeq);
    }

    [Fact]
    public void Clone_is_independent_of_the_original()
    {
        var invite = Invite();

        var clone = invite.CloneForDialogue("dlg-2");
        clone.SetHeader("X-New", 1);
        clone.Router.Add("another.com");

        Assert.False(invite.Headers.Contains("X-New"));
        Assert.Single(invite.Router);
    }

    [Fact]
    public void Received_headers_survive_a_clone_and_go_out_again()
    {
        var received = JsipAssert.Valid(
            """{"Type":"MESSAGE","Request-URI":"room:test1@gortc.com","From":"a","To":"b","CSeq":1,"DialogueID":"d","P-Asserted-Identity":"Alex@gortc.com","Body":"hello world"}""");

        var resent = JsipAssert.Valid(JsipCodec.Serialize(received.CloneForDialogue("d2")));

        Assert.Equal("Alex@gortc.com", resent.GetString(JsipHeaderNames.PAssertedIdentity));
        Assert.Equal("\"hello world\"", resent.Body.ToString());
        Assert.Equal("d2", resent.DialogueId);
    }

    [Fact]
    public void Name_is_the_method_or_method_and_code()
    {
        Assert.Equal("INVITE", Invite().Name);
        Assert.Equal("INVITE_200", Invite().CreateResponse(200).Name);
    }
}
