using System.Text;
using System.Text.Json;

namespace GoRtc.Jsip.Tests;

/// <summary>
/// One entry of <c>tests/Corpus/jsip-corpus.json</c>, the shared table of good and bad wire messages. Each entry has
/// <c>name</c>, the exact payload as <c>raw</c> (text) or <c>rawBase64</c> (bytes that are not valid UTF-8),
/// <c>expect</c> (<c>Ok</c> or a <see cref="JsipRejection"/> name), <c>canAnswer</c> and, for frame-size entries,
/// <c>maxFrameBytes</c> (the receiver's limit under which the entry is judged).
/// </summary>
public sealed record JsipCorpusEntry(string Name, byte[] Payload, JsipRejection Expect, bool CanAnswer, int? MaxFrameBytes)
{
    public bool ExpectOk => Expect == JsipRejection.None;

    public JsipParseResult Parse() =>
        MaxFrameBytes is { } limit ? JsipCodec.Parse(Payload, limit) : JsipCodec.Parse(Payload);

    public override string ToString() => Name;
}

/// <summary>Loads the corpus once from the test output folder (it is linked there as <c>Corpus/</c>).</summary>
public static class JsipCorpus
{
    private static readonly Lazy<IReadOnlyList<JsipCorpusEntry>> Lazy = new(Load);

    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "Corpus", "jsip-corpus.json");

    public static IReadOnlyList<JsipCorpusEntry> Entries => Lazy.Value;

    public static JsipCorpusEntry Get(string name) =>
        Entries.FirstOrDefault(e => e.Name == name) ?? throw new KeyNotFoundException($"No corpus entry named '{name}'.");

    /// <summary>Entry names, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var entry in Entries)
        {
            data.Add(entry.Name);
        }

        return data;
    }

    private static IReadOnlyList<JsipCorpusEntry> Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(FilePath));
        var entries = new List<JsipCorpusEntry>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var name = item.GetProperty("name").GetString()!;
            var payload = item.TryGetProperty("raw", out var raw)
                ? Encoding.UTF8.GetBytes(raw.GetString()!)
                : Convert.FromBase64String(item.GetProperty("rawBase64").GetString()!);
            var expectText = item.GetProperty("expect").GetString()!;
            var expect = expectText == "Ok" ? JsipRejection.None : Enum.Parse<JsipRejection>(expectText);
            if (expect == JsipRejection.None && expectText != "Ok")
            {
                throw new InvalidDataException($"Corpus entry '{name}': write \"Ok\", not \"None\".");
            }

            int? limit = item.TryGetProperty("maxFrameBytes", out var max) ? max.GetInt32() : null;
            entries.Add(new JsipCorpusEntry(name, payload, expect, item.GetProperty("canAnswer").GetBoolean(), limit));
        }

        return entries;
    }
}
