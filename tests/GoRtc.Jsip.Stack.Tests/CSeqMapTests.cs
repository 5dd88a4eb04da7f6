namespace GoRtc.Jsip.Stack.Tests;

/// <summary>The per-dialogue CSeq map: a small array, a dictionary past <see cref="CSeqMap{T}.SmallLimit"/>, and back.</summary>
public sealed class CSeqMapTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(CSeqMap<string>.SmallLimit)]
    [InlineData(CSeqMap<string>.SmallLimit + 1)]
    [InlineData(1000)]
    public void Finds_every_value_added_and_nothing_else(int count)
    {
        var map = new CSeqMap<string>();
        for (var i = 1; i <= count; i++)
        {
            map.Add((uint)i * 7, $"v{i}");
        }

        Assert.Equal(count, map.Count);
        for (var i = 1; i <= count; i++)
        {
            Assert.Equal($"v{i}", map.GetValueOrDefault((uint)i * 7));
            Assert.False(map.ContainsKey(((uint)i * 7) + 1));
        }

        Assert.Equal(Enumerable.Range(1, count).Select(i => $"v{i}").Order(), Enumerate(map).Order());
        Assert.Equal(Enumerable.Range(1, count).Select(i => $"v{i}").Order(), map.ToArray().Order());
    }

    [Fact]
    public void Adding_a_present_key_is_refused_in_both_forms()
    {
        var map = new CSeqMap<string>();
        map.Add(1, "a");
        Assert.Throws<ArgumentException>(() => map.Add(1, "b"));
        for (uint i = 2; i <= 20; i++)
        {
            map.Add(i, "x");
        }

        Assert.Throws<ArgumentException>(() => map.Add(1, "b"));
        Assert.Equal("a", map.GetValueOrDefault(1));
    }

    [Fact]
    public void Removing_down_from_the_dictionary_and_up_again_keeps_the_content()
    {
        var map = new CSeqMap<string>();
        for (uint i = 1; i <= 30; i++)
        {
            map.Add(i, $"v{i}");
        }

        for (uint i = 1; i <= 28; i++)
        {
            Assert.True(map.Remove(i));
            Assert.False(map.Remove(i));
        }

        Assert.Equal(["v29", "v30"], Enumerate(map).Order());
        for (uint i = 31; i <= 50; i++)
        {
            map.Add(i, $"v{i}");
        }

        Assert.Equal(22, map.Count);
        Assert.Equal("v40", map.GetValueOrDefault(40));
        Assert.Null(map.GetValueOrDefault(28));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(100)]
    public void Remove_all_removes_exactly_the_values_that_match(int count)
    {
        var map = new CSeqMap<string>();
        for (var i = 1; i <= count; i++)
        {
            map.Add((uint)i, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        map.RemoveAll(static (value, limit) => int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) % 2 == 0 || int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) > limit, count - 2);

        var expected = Enumerable.Range(1, count - 2).Where(i => i % 2 == 1).ToArray();
        Assert.Equal(expected.Length, map.Count);
        Assert.All(expected, i => Assert.NotNull(map.GetValueOrDefault((uint)i)));
        Assert.Null(map.GetValueOrDefault(2));
    }

    private static List<string> Enumerate(CSeqMap<string> map)
    {
        var values = new List<string>();
        foreach (var value in map)
        {
            values.Add(value);
        }

        return values;
    }
}
