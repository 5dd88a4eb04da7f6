namespace GoRtc.Jsip.Tests;

/// <summary>The Desc table and response classes of spec §1.3.</summary>
public sealed class JsipStatusTests
{
    [Theory]
    [InlineData(100, "Trying")]
    [InlineData(180, "Ringing")]
    [InlineData(183, "Session Progress")]
    [InlineData(200, "OK")]
    [InlineData(202, "Accepted")]
    [InlineData(302, "Moved Temporarily")]
    [InlineData(400, "Bad Request")]
    [InlineData(404, "Not Found")]
    [InlineData(408, "Request Timeout")]
    [InlineData(480, "Temporarily not available")]
    [InlineData(481, "Call Leg/Transaction Does Not Exist")]
    [InlineData(487, "Request Terminated")]
    [InlineData(500, "Internal Server Error")]
    [InlineData(513, "Message Too Large")]
    [InlineData(603, "Decline")]
    [InlineData(606, "Not Acceptable")]
    public void Known_code_has_its_table_description(int code, string desc) =>
        Assert.Equal(desc, JsipStatus.GetDescription(code));

    [Theory]
    [InlineData(101, "User Defined Provisional Response")]
    [InlineData(299, "User Defined Success Response")]
    [InlineData(399, "User Defined Redirection Response")]
    [InlineData(499, "User Defined Client Error Response")]
    [InlineData(599, "User Defined Server Error Response")]
    [InlineData(699, "User Defined Global Failure Response")]
    public void Unknown_code_falls_back_to_its_class_description(int code, string desc) =>
        Assert.Equal(desc, JsipStatus.GetDescription(code));

    [Theory]
    [InlineData(0)]
    [InlineData(99)]
    [InlineData(700)]
    [InlineData(-200)]
    public void Code_outside_100_to_699_has_no_description(int code) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => JsipStatus.GetDescription(code));

    [Fact]
    public void Response_classes_follow_the_first_digit()
    {
        Assert.True(JsipStatus.IsProvisional(100) && JsipStatus.IsProvisional(199) && !JsipStatus.IsProvisional(200));
        Assert.True(JsipStatus.IsFinal(200) && JsipStatus.IsFinal(699) && !JsipStatus.IsFinal(199));
        Assert.True(JsipStatus.IsSuccess(299) && !JsipStatus.IsSuccess(300));
        Assert.True(JsipStatus.IsError(300) && JsipStatus.IsError(699) && !JsipStatus.IsError(299));
        Assert.False(JsipStatus.IsValidResponseCode(0));
    }
}
