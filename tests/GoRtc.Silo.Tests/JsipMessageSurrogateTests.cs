using GoRtc.Grains;
using GoRtc.Jsip;
using Xunit;

namespace GoRtc.Silo.Tests;

public sealed class JsipMessageSurrogateTests
{
    [Fact]
    public void Message_crosses_a_grain_boundary_with_every_field_header_and_body()
    {
        var message = JsipMessage.CreateRequest(JsipMethod.Invite, "Bob@gortc.com", "Alex@gortc.com", "Bob@gortc.com", "d1", 7);
        message.Router = ["gortc.com;type=relay", "Bob@gortc.com"];
        message.RelatedId = 3;
        message.Expire = 600;
        message.Body = JsipValue.FromRawJson("""{"sdp":"v=0","n":[1,2]}""");
        message.SetHeader("P-Asserted-Identity", "alex");
        message.SetHeader("X-Count", 42);
        var converter = new JsipMessageSurrogateConverter();

        var copy = converter.ConvertFromSurrogate(converter.ConvertToSurrogate(message));

        Assert.Equal(JsipCodec.Serialize(message), JsipCodec.Serialize(copy));
        Assert.Equal(message.Method, copy.Method);
        Assert.Equal(["gortc.com;type=relay", "Bob@gortc.com"], copy.Router);
        Assert.Equal("alex", copy.GetString("P-Asserted-Identity"));
        Assert.Equal(42, copy.GetInt64("X-Count"));
    }

    [Fact]
    public void Response_keeps_the_method_it_answers()
    {
        var response = JsipMessage.CreateRequest(JsipMethod.Message, "x", "a", "b", "d", 1).CreateResponse(404, "No such room");
        var converter = new JsipMessageSurrogateConverter();

        var copy = converter.ConvertFromSurrogate(converter.ConvertToSurrogate(response));

        Assert.Equal(JsipMethod.Message, copy.Method);
        Assert.Equal(404, copy.Code);
        Assert.Equal("No such room", copy.GetString(JsipHeaderNames.Reason));
        Assert.False(copy.HasRouter);
    }
}
