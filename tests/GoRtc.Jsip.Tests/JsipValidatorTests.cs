namespace GoRtc.Jsip.Tests;

/// <summary>Outbound checks of spec §1.6.</summary>
public sealed class JsipValidatorTests
{
    private static JsipMessage Request() => JsipMessage.CreateRequest(JsipMethod.Message, "Bob@gortc.com", "Alex@gortc.com", "Bob@gortc.com", "dlg", 1);

    [Fact]
    public void Complete_request_and_response_pass()
    {
        Assert.Equal(JsipRejection.None, JsipValidator.ValidateOutbound(Request()));
        Assert.Equal(JsipRejection.None, JsipValidator.ValidateOutbound(Request().CreateResponse(200)));
    }

    [Fact]
    public void Message_without_DialogueID_is_refused_first()
    {
        var m = new JsipMessage { Code = 999 };

        Assert.Equal(JsipRejection.MissingDialogueId, JsipValidator.ValidateOutbound(m));
    }

    [Theory]
    [InlineData(99)]
    [InlineData(700)]
    [InlineData(-1)]
    public void Code_other_than_0_or_100_to_699_is_refused(int code)
    {
        var m = Request().CreateResponse(200);
        m.Code = code;

        Assert.Equal(JsipRejection.InvalidCode, JsipValidator.ValidateOutbound(m));
    }

    [Fact]
    public void Request_needs_a_method_a_Request_URI_From_and_To()
    {
        var m = Request();
        m.Method = JsipMethod.None;
        Assert.Equal(JsipRejection.MissingType, JsipValidator.ValidateOutbound(m));

        m = Request();
        m.RequestUri = string.Empty;
        Assert.Equal(JsipRejection.MissingRequestUri, JsipValidator.ValidateOutbound(m));

        m = Request();
        m.From = string.Empty;
        Assert.Equal(JsipRejection.MissingFrom, JsipValidator.ValidateOutbound(m));

        m = Request();
        m.To = string.Empty;
        Assert.Equal(JsipRejection.MissingTo, JsipValidator.ValidateOutbound(m));
    }

    [Fact]
    public void Request_with_CSeq_0_passes_because_the_stack_picks_one()
    {
        var m = Request();
        m.CSeq = 0;

        Assert.Equal(JsipRejection.None, JsipValidator.ValidateOutbound(m));
    }

    [Fact]
    public void Response_needs_a_nonzero_CSeq_but_not_From_To_or_Method()
    {
        var m = Request().CreateResponse(200);
        m.From = string.Empty;
        m.To = string.Empty;
        m.Method = JsipMethod.None;
        Assert.Equal(JsipRejection.None, JsipValidator.ValidateOutbound(m));

        m.CSeq = 0;
        Assert.Equal(JsipRejection.MissingCSeq, JsipValidator.ValidateOutbound(m));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a@b@c")]
    [InlineData("a, b")]
    public void Request_with_an_invalid_Router_entry_is_refused(string entry)
    {
        var m = Request();
        m.Router = ["gortc.com", entry];

        Assert.Equal(JsipRejection.InvalidRouter, JsipValidator.ValidateOutbound(m));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(2147483648L)]
    public void Expire_outside_0_to_2147483647_is_refused(long expire)
    {
        var m = Request();
        m.Expire = expire;

        Assert.Equal(JsipRejection.InvalidExpire, JsipValidator.ValidateOutbound(m));
    }

    [Fact]
    public void Message_that_passes_is_accepted_by_the_parser_on_the_other_side()
    {
        var m = Request();
        m.Router = ["gortc.com;type=chat", "Bob@gortc.com"];
        m.Expire = 0;
        Assert.Equal(JsipRejection.None, JsipValidator.ValidateOutbound(m));

        JsipAssert.SameMessage(m, JsipAssert.Valid(JsipCodec.Serialize(m)));
    }
}
