namespace GoRtc.Jsip.Tests;

/// <summary>Every corpus entry parses to the expected outcome; accepted entries survive a write and a re-parse.</summary>
public sealed class JsipCorpusTests
{
    public static TheoryData<string> EntryNames => JsipCorpus.Names();

    [Theory]
    [MemberData(nameof(EntryNames))]
    public void Corpus_entry_parses_to_its_expected_outcome(string name)
    {
        var entry = JsipCorpus.Get(name);

        var result = entry.Parse();

        Assert.True(entry.Expect == result.Rejection, $"'{name}': expected {entry.Expect}, got {result}");
        Assert.Equal(entry.ExpectOk, result.IsValid);
        Assert.Equal(entry.CanAnswer, result.CanAnswer);
        if (result.IsValid)
        {
            Assert.Null(result.Partial);
        }
        else
        {
            Assert.Null(result.Message);
        }
    }

    [Theory]
    [MemberData(nameof(EntryNames))]
    public void Corpus_entry_that_is_accepted_round_trips_through_Write(string name)
    {
        var entry = JsipCorpus.Get(name);
        var result = entry.Parse();
        if (!result.IsValid)
        {
            return;
        }

        var written = JsipCodec.Serialize(result.Message);
        var again = JsipAssert.Valid(written);

        JsipAssert.SameMessage(result.Message, again);
        Assert.Equal(written, JsipCodec.Serialize(again));
    }

    [Theory]
    [MemberData(nameof(EntryNames))]
    public void Corpus_entry_that_can_be_answered_gets_400_with_the_rejection_as_Reason(string name)
    {
        var entry = JsipCorpus.Get(name);
        var result = entry.Parse();
        if (!result.CanAnswer)
        {
            Assert.Throws<InvalidOperationException>(() => result.CreateRejectionResponse());
            return;
        }

        var answer = result.CreateRejectionResponse();

        Assert.Equal(400, answer.Code);
        Assert.Equal(result.Rejection.ToReason(), answer.GetString(JsipHeaderNames.Reason));
        Assert.Equal(result.Partial.Method, answer.Method);
        Assert.NotEqual(JsipMethod.Ack, answer.Method);
        Assert.NotEqual(0u, answer.CSeq);
        Assert.NotEmpty(answer.DialogueId);
        Assert.Equal(result.Partial.CSeq, answer.CSeq);
        Assert.Equal(result.Partial.DialogueId, answer.DialogueId);
    }

    [Fact]
    public void Corpus_has_at_least_60_uniquely_named_entries()
    {
        Assert.True(JsipCorpus.Entries.Count >= 60, $"only {JsipCorpus.Entries.Count} entries");
        Assert.Equal(JsipCorpus.Entries.Count, JsipCorpus.Entries.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Corpus_covers_every_rejection()
    {
        var covered = JsipCorpus.Entries.Select(e => e.Expect).ToHashSet();

        var missing = Enum.GetValues<JsipRejection>().Where(r => !covered.Contains(r)).ToList();

        Assert.True(missing.Count == 0, "No corpus entry for: " + string.Join(", ", missing));
    }

    [Fact]
    public void Corpus_has_answerable_and_unanswerable_rejections()
    {
        Assert.Contains(JsipCorpus.Entries, e => !e.ExpectOk && e.CanAnswer);
        Assert.Contains(JsipCorpus.Entries, e => !e.ExpectOk && !e.CanAnswer);
        Assert.DoesNotContain(JsipCorpus.Entries, e => e.ExpectOk && e.CanAnswer);
    }
}
