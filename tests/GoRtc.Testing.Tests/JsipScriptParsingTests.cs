using System.Text.Json;

namespace GoRtc.Testing.Tests;

public sealed class JsipScriptParsingTests
{
    [Fact]
    public void Every_reference_script_parses()
    {
        var directory = RepoPaths.ReferenceScriptsDirectory;
        var files = Directory.GetFiles(directory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.Contains(files, f => f.Contains($"{Path.DirectorySeparatorChar}stack{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains($"{Path.DirectorySeparatorChar}chatroom{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

        var failures = new List<string>();
        foreach (var file in files)
        {
            try
            {
                var script = JsipScript.Load(file);
                Assert.NotEmpty(script.Stages);
                Assert.All(script.Stages, s => Assert.True(s.Type is JsipStageType.If or JsipStageType.End || s.Value is { ValueKind: JsonValueKind.Object }));
            }
            catch (JsipScriptException exception)
            {
                failures.Add(exception.Message);
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {files.Count} reference scripts failed to parse:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    [Fact]
    public async Task A_reference_script_loads_with_its_stages_timeouts_and_vars()
    {
        var script = await JsipScript.LoadAsync(RepoPaths.ReferenceScript("stack/recv_invite.json"));

        Assert.Equal("recv_invite", script.Name);
        Assert.Equal(14, script.Stages.Count);
        Assert.Equal(JsipStageType.Send, script.Stages[0].Type);
        Assert.Null(script.Stages[0].Timeout);
        Assert.Equal(TimeSpan.FromSeconds(1), script.Stages[1].Timeout);
        Assert.Equal("1s", script.Stages[1].TimeoutText);
        var update = script.Stages[4];
        Assert.Equal(JsipStageType.Recv, update.Type);
        Assert.Equal([new JsipScriptVariable("$cseq", "CSeq"), new JsipScriptVariable("$dlg", "DialogueID")], update.Variables);
        var answer = script.Stages[5];
        Assert.Equal(JsipStageType.Send, answer.Type);
        Assert.Equal([new JsipScriptVariable("$cseq", "CSeq"), new JsipScriptVariable("$dlg", "DialogueID")], answer.Variables);
        Assert.Equal(TimeSpan.FromSeconds(5), script.Stages[8].Timeout);
    }

    [Fact]
    public void Parses_all_fields_of_every_stage_type()
    {
        var script = JsipScript.Parse("""
            [
              {"type":"send","value":{"Type":"MESSAGE","CSeq":1},"timeout":"200ms","tag":"first","vars":{"DialogueID":"$dlg"}},
              {"type":"recv","value":{"Code":200},"timeout":"1m30s","option":true,"tag":"ok","vars":{"$dlg":"DialogueID","$x_1":"X"}},
              {"type":"if","vars":{"$dlg":"abc"},"goto":3},
              {"type":"end"}
            ]
            """, "all-fields");

        Assert.Equal("all-fields", script.Name);
        Assert.Null(script.SourcePath);
        var send = script.Stages[0];
        Assert.Equal((0, JsipStageType.Send, "first", false), (send.Index, send.Type, send.Tag, send.Option));
        Assert.Equal(TimeSpan.FromMilliseconds(200), send.Timeout);
        Assert.Equal([new JsipScriptVariable("$dlg", "DialogueID")], send.Variables);
        var recv = script.Stages[1];
        Assert.True(recv.Option);
        Assert.Equal(TimeSpan.FromSeconds(90), recv.Timeout);
        Assert.Equal([new JsipScriptVariable("$dlg", "DialogueID"), new JsipScriptVariable("$x_1", "X")], recv.Variables);
        Assert.Equal("stage[1] (recv, tag 'ok', timeout 1m30s, option)", recv.Describe());
        Assert.Equal(JsipStageType.If, script.Stages[2].Type);
        Assert.Empty(script.Stages[2].Variables);
        Assert.Equal(JsipStageType.End, script.Stages[3].Type);
        Assert.Null(script.Stages[3].Value);
    }

    [Theory]
    [InlineData("""[{"type":"send"}]""", "stage[0]", "'value' is mandatory in a send stage")]
    [InlineData("""[{"type":"end"},{"type":"recv","value":null}]""", "stage[1]", "'value' is mandatory in a recv stage")]
    [InlineData("""[{"type":"recv","value":[1]}]""", "stage[0]", "'value' must be a JSON object")]
    [InlineData("""[{"type":"end"},{"type":"end"},{"type":"wait"}]""", "stage[2]", "unknown type \"wait\"")]
    [InlineData("""[{"value":{}}]""", "stage[0]", "'type' is mandatory")]
    [InlineData("""[{"type":1}]""", "stage[0]", "'type' must be a string")]
    [InlineData("""[{"type":"Send","value":{}}]""", "stage[0]", "unknown type \"Send\"")]
    [InlineData("""[{"type":"recv","value":{},"vars":{"cseq":"CSeq"}}]""", "stage[0]", "invalid variable name \"cseq\"")]
    [InlineData("""[{"type":"recv","value":{},"vars":{"$1x":"CSeq"}}]""", "stage[0]", "invalid variable name \"$1x\"")]
    [InlineData("""[{"type":"send","value":{},"vars":{"CSeq":"$c-seq"}}]""", "stage[0]", "invalid variable name \"$c-seq\"")]
    [InlineData("""[{"type":"send","value":{},"vars":{"CSeq":1}}]""", "stage[0]", "must map to a string")]
    [InlineData("""[{"type":"send","value":{},"vars":["$a"]}]""", "stage[0]", "'vars' must be an object")]
    [InlineData("""[{"type":"recv","value":{},"timeout":"1"}]""", "stage[0]", "'timeout' \"1\" is not a Go duration")]
    [InlineData("""[{"type":"recv","value":{},"timeout":1}]""", "stage[0]", "'timeout' must be a Go duration string")]
    [InlineData("""[{"type":"recv","value":{},"option":"yes"}]""", "stage[0]", "'option' must be true or false")]
    [InlineData("""[1]""", "stage[0]", "a stage must be a JSON object")]
    [InlineData("""{"type":"send"}""", "'bad'", "must be a JSON array")]
    [InlineData("""[{"type":"send",}]""", "'bad'", "not valid JSON")]
    public void Rejects_invalid_scripts_naming_the_stage(string json, string where, string what)
    {
        var exception = Assert.Throws<JsipScriptException>(() => JsipScript.Parse(json, "bad"));
        Assert.Contains("'bad'", exception.Message, StringComparison.Ordinal);
        Assert.Contains(where, exception.Message, StringComparison.Ordinal);
        Assert.Contains(what, exception.Message, StringComparison.Ordinal);
        Assert.Equal("bad", exception.ScriptName);
    }

    [Fact]
    public void Load_of_a_missing_file_names_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-script-{Guid.NewGuid():N}.json");
        var exception = Assert.Throws<FileNotFoundException>(() => JsipScript.Load(path));
        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }
}
