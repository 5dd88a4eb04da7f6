namespace GoRtc.Jsip.Tests;

public sealed class JsipRejectionTests
{
    [Theory]
    [InlineData(JsipRejection.MissingFrom, "Missing From")]
    [InlineData(JsipRejection.InvalidCSeq, "Invalid CSeq")]
    [InlineData(JsipRejection.UnknownType, "Unknown Type")]
    [InlineData(JsipRejection.NotJson, "Not JSON")]
    [InlineData(JsipRejection.FrameTooLarge, "Frame too large")]
    [InlineData(JsipRejection.MissingDialogueId, "Missing DialogueID")]
    [InlineData(JsipRejection.InvalidRequestUri, "Invalid Request-URI")]
    [InlineData(JsipRejection.DuplicateHeader, "Duplicate Header")]
    public void Reason_text_names_the_problem_in_header_words(JsipRejection rejection, string reason) =>
        Assert.Equal(reason, rejection.ToReason());

    [Fact]
    public void Every_rejection_has_its_own_reason_text()
    {
        var reasons = Enum.GetValues<JsipRejection>().Where(r => r != JsipRejection.None).Select(r => r.ToReason()).ToList();

        Assert.All(reasons, r => Assert.False(string.IsNullOrWhiteSpace(r)));
        Assert.Equal(reasons.Count, reasons.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(string.Empty, JsipRejection.None.ToReason());
    }
}
