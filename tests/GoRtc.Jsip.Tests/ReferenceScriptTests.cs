using System.Text;
using System.Text.Json.Nodes;

namespace GoRtc.Jsip.Tests;

/// <summary>
/// Every message the reference's rtest scripts send (spec §10) is valid JSIP. The scripts are read from the shared
/// reference folder: <c>GORTC_REFERENCE_SCRIPTS</c> if set, else the first <c>shared/reference/scripts</c> found
/// above the test binaries. The same messages are also in the corpus, so they are covered where the folder is absent.
/// </summary>
public sealed class ReferenceScriptTests
{
    // What rtest would have captured before a send stage that uses variables.
    private static readonly Dictionary<string, JsonNode> CapturedValues = new(StringComparer.Ordinal)
    {
        [JsipHeaderNames.CSeq] = JsonValue.Create(1001),
        [JsipHeaderNames.DialogueId] = JsonValue.Create("captured-dialogue"),
    };

    [Fact]
    public void Every_send_value_of_the_reference_scripts_parses_Ok()
    {
        var folder = FindScriptsFolder();
        var files = Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories);
        Assert.NotEmpty(files);

        var checkedMessages = 0;
        var failures = new List<string>();
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var stages = JsonNode.Parse(File.ReadAllText(file))!.AsArray();
            for (var i = 0; i < stages.Count; i++)
            {
                var stage = stages[i]!.AsObject();
                if ((string?)stage["type"] != "send")
                {
                    continue;
                }

                var value = stage["value"]!.DeepClone().AsObject();
                if (stage["vars"] is JsonObject vars)
                {
                    foreach (var variable in vars)
                    {
                        value[variable.Key] = CapturedValues[variable.Key].DeepClone();
                    }
                }

                var result = JsipCodec.Parse(Encoding.UTF8.GetBytes(value.ToJsonString()));
                checkedMessages++;
                if (!result.IsValid)
                {
                    failures.Add($"{Path.GetRelativePath(folder, file)} stage {i}: {result}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(checkedMessages > 40, $"only {checkedMessages} send stages found in {folder}");
    }

    private static string FindScriptsFolder()
    {
        var configured = Environment.GetEnvironmentVariable("GORTC_REFERENCE_SCRIPTS");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference", "scripts");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail("Reference scripts not found: set GORTC_REFERENCE_SCRIPTS to the folder holding stack/ and chatroom/.");
        return string.Empty;
    }
}
