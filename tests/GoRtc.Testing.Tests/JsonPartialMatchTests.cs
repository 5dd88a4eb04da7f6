using System.Text.Json;

namespace GoRtc.Testing.Tests;

public sealed class JsonPartialMatchTests
{
    [Theory]
    [InlineData("""{"Code":200}""", """{"Type":"RESPONSE","Code":200,"CSeq":1}""")]
    [InlineData("""{}""", """{"anything":1}""")]
    [InlineData("""{"Code":200}""", """{"Code":200.0}""")]
    [InlineData("""{"Code":200}""", """{"Code":2e2}""")]
    [InlineData("""{"A":null}""", """{"A":null}""")]
    [InlineData("""{"A":true,"B":"x"}""", """{"B":"x","A":true}""")]
    [InlineData("""{"N":{"a":[1,"2",{"b":null}],"c":{}}}""", """{"N":{"c":{},"a":[1,"2",{"b":null}]},"extra":[1]}""")]
    public void Matches_when_every_expected_key_has_an_equal_value(string expected, string received) =>
        Assert.True(JsonPartialMatch.IsMatch(Parse(expected), Parse(received)));

    [Theory]
    [InlineData("""{"Code":200}""", """{"Code":"200"}""", "\"Code\": expected 200 (number) but received \"200\" (string)")]
    [InlineData("""{"CSeq":"1"}""", """{"CSeq":1}""", "\"CSeq\": expected \"1\" (string) but received 1 (number)")]
    [InlineData("""{"Code":200}""", """{"Type":"RESPONSE"}""", "\"Code\": missing (expected 200 (number))")]
    [InlineData("""{"A":null}""", """{"A":0}""", "\"A\": expected null but received 0 (number)")]
    [InlineData("""{"A":true}""", """{"A":"true"}""", "\"A\": expected true (boolean) but received \"true\" (string)")]
    [InlineData("""{"A":"x"}""", """{"A":"X"}""", "\"A\": expected \"x\" (string) but received \"X\" (string)")]
    [InlineData("""{"N":{"a":1}}""", """{"N":{"a":1,"b":2}}""", "\"N\": expected {\"a\":1} (object)")]
    [InlineData("""{"N":[1,2]}""", """{"N":[2,1]}""", "\"N\": expected [1,2] (array)")]
    [InlineData("""{"N":[1,2]}""", """{"N":[1,2,3]}""", "\"N\": expected [1,2] (array)")]
    [InlineData("""{"N":{"a":[1]}}""", """{"N":{"a":["1"]}}""", "\"N\": expected {\"a\":[1]} (object)")]
    public void Is_type_sensitive_and_compares_nested_values_exactly(string expected, string received, string difference)
    {
        var differences = JsonPartialMatch.Differences(Parse(expected), Parse(received));
        var only = Assert.Single(differences);
        Assert.StartsWith(difference, only, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_every_differing_key()
    {
        var differences = JsonPartialMatch.Differences(
            Parse("""{"Type":"RESPONSE","Code":200,"CSeq":1}"""),
            Parse("""{"Type":"RESPONSE","Code":404,"CSeq":"1"}"""));
        Assert.Equal(2, differences.Count);
    }

    [Fact]
    public void A_received_value_that_is_not_an_object_never_matches()
    {
        var only = Assert.Single(JsonPartialMatch.Differences(Parse("{}"), Parse("[1]")));
        Assert.Contains("not a JSON object", only, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_equality_ignores_key_order_but_not_values() =>
        Assert.Multiple(
            () => Assert.True(JsonPartialMatch.DeepEquals(Parse("""{"a":1,"b":[true,null]}"""), Parse("""{"b":[true,null],"a":1.00}"""))),
            () => Assert.False(JsonPartialMatch.DeepEquals(Parse("""{"a":1}"""), Parse("""{"a":1,"b":1}"""))),
            () => Assert.False(JsonPartialMatch.DeepEquals(Parse("""{"a":1,"b":1}"""), Parse("""{"a":1}"""))));

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
