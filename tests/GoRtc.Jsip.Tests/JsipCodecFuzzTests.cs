using System.Text;
using System.Text.Json;

namespace GoRtc.Jsip.Tests;

/// <summary>
/// Bounded mutation fuzzing of the parser, seeded so that failures reproduce. For every mutant: Parse never throws;
/// whatever it accepts is re-checked slowly against System.Text.Json's DOM and survives Write → Parse unchanged.
/// </summary>
public sealed class JsipCodecFuzzTests
{
    private const int Iterations = 20_000;
    private const int Seed = 0x6052_7C;

    private static readonly byte[] Interesting = "{}[]\":,\\ \t\n0123456789-+.eEtrufalsn/*'"u8.ToArray().Concat(new byte[] { 0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xE2, 0xFF }).ToArray();

    private static readonly JsonDocumentOptions StrictDom = new() { MaxDepth = JsipCodec.MaxDepth };

    [Fact]
    [Trait("Category", "Fuzz")]
    public void Mutated_corpus_entries_never_crash_the_parser_and_accepted_ones_round_trip()
    {
        var seeds = JsipCorpus.Entries.Select(e => e.Payload).ToArray();
        var random = new Random(Seed);
        var accepted = 0;
        var rejected = new HashSet<JsipRejection>();

        for (var i = 0; i < Iterations; i++)
        {
            var input = Mutate(random, seeds);
            JsipParseResult result;
            try
            {
                result = JsipCodec.Parse(input);
            }
            catch (Exception e)
            {
                Assert.Fail($"Iteration {i}: Parse threw {e.GetType().Name}: {e.Message}{Environment.NewLine}{Show(input)}");
                throw;
            }

            if (!result.IsValid)
            {
                rejected.Add(result.Rejection);
                Assert.True(result.Rejection != JsipRejection.None, $"Iteration {i}: invalid without a rejection");
                Assert.True(!result.CanAnswer || result.Partial is { IsRequest: true, CSeq: > 0, DialogueId.Length: > 0 },
                    $"Iteration {i}: CanAnswer without an answerable partial request");
                continue;
            }

            accepted++;
            CheckAgainstDom(i, input, result.Message);
            CheckRoundTrip(i, input, result.Message);
        }

        // Keep the fuzzer honest: it must exercise both sides.
        Assert.True(accepted > Iterations / 40, $"only {accepted} of {Iterations} mutants were accepted");
        Assert.True(rejected.Count >= 10, $"only {rejected.Count} kinds of rejection were produced");
    }

    private static void CheckAgainstDom(int iteration, byte[] input, JsipMessage m)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(input, StrictDom);
        }
        catch (JsonException e)
        {
            Assert.Fail($"Iteration {iteration}: accepted, but System.Text.Json refuses it ({e.Message}){Environment.NewLine}{Show(input)}");
            throw;
        }

        using (document)
        {
            var root = document.RootElement;
            Assert.Equal(JsonValueKind.Object, root.ValueKind);
            Assert.Equal(m.From, root.GetProperty(JsipHeaderNames.From).GetString());
            Assert.Equal(m.To, root.GetProperty(JsipHeaderNames.To).GetString());
            Assert.Equal(m.DialogueId, root.GetProperty(JsipHeaderNames.DialogueId).GetString());
            Assert.Equal((decimal)m.CSeq, root.GetProperty(JsipHeaderNames.CSeq).GetDecimal());
            var type = root.GetProperty(JsipHeaderNames.Type).GetString();
            if (m.IsRequest)
            {
                Assert.Equal(m.Method.ToWireName(), type);
                Assert.Equal(m.RequestUri, root.GetProperty(JsipHeaderNames.RequestUri).GetString());
            }
            else
            {
                Assert.Equal(JsipMethods.ResponseTypeName, type);
                Assert.Equal((decimal)m.Code, root.GetProperty(JsipHeaderNames.Code).GetDecimal());
            }

            foreach (var header in m.Headers)
            {
                Assert.Equal(root.GetProperty(header.Key).GetRawText(), header.Value.ToString());
            }
        }
    }

    private static void CheckRoundTrip(int iteration, byte[] input, JsipMessage m)
    {
        var written = JsipCodec.Serialize(m);
        var again = JsipCodec.Parse(written);
        Assert.True(again.IsValid, $"Iteration {iteration}: re-parse failed with {again}{Environment.NewLine}{Show(input)}");
        JsipAssert.SameMessage(m, again.Message);
        Assert.Equal(written, JsipCodec.Serialize(again.Message));
    }

    private static byte[] Mutate(Random random, byte[][] seeds)
    {
        var data = new List<byte>(seeds[random.Next(seeds.Length)]);
        var steps = 1 + random.Next(3);
        for (var s = 0; s < steps; s++)
        {
            var at = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(8))
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[at] = (byte)random.Next(256);
                    break;
                case 2 when data.Count > 0:
                    data[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 3:
                    data.RemoveRange(at, data.Count - at);
                    break;
                case 4 when data.Count > 0:
                    data.RemoveRange(at, Math.Min(1 + random.Next(8), data.Count - at));
                    break;
                case 5:
                    data.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 6 when data.Count > 0:
                {
                    var length = Math.Min(1 + random.Next(24), data.Count - at);
                    var slice = data.GetRange(at, length);
                    data.InsertRange(random.Next(data.Count + 1), slice);
                    break;
                }

                case 7:
                {
                    var other = seeds[random.Next(seeds.Length)];
                    var cut = random.Next(other.Length + 1);
                    data.RemoveRange(at, data.Count - at);
                    data.AddRange(other.AsSpan(cut).ToArray());
                    break;
                }
            }
        }

        return [.. data];
    }

    private static string Show(byte[] input) => Convert.ToBase64String(input) + " = " + Encoding.UTF8.GetString(input);
}
