using System.Text.Json;

namespace ServiceCoach.Tests.Cli;

public sealed class QuestionCommandsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-questions-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string File(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Import_FormatJson_PrintsTheNeutralSchema()
    {
        var path = File("bank.gift", "$CATEGORY: 响应时限\n\n::Q1::普通咨询（秒）{#30}\n\n::Q2::让客户先挂机{T}\n");

        var run = await CliRun.RunAsync("questions", "import", path, "--format", "json");

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(2, json.RootElement.GetProperty("questionCount").GetInt32());
        Assert.Equal(3, json.RootElement.GetProperty("questions").GetArrayLength());
        Assert.Equal(0, json.RootElement.GetProperty("errors").GetArrayLength());
        Assert.Equal("numerical", json.RootElement.GetProperty("questions")[1].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Import_BadQuestion_ListsFileLineColumnAndExitsWith2()
    {
        var path = File("bad.gift", "::Q1::好{T}\n\n::Q2::坏 {=甲 ~乙\n");

        var run = await CliRun.RunAsync("questions", "import", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bad.gift:3:9: Could not find {...} around answers [braceerror]", run.Error, StringComparison.Ordinal);
        Assert.Contains("1 question(s)", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_JsonToGift_RoundTripsThroughImport()
    {
        var gift = "::Q1::普通咨询（秒）{#\n\t=%100%30:0#\n}\n\n::Q2::让客户先挂机{TRUE}\n\n";
        var json = File("bank.json", (await CliRun.RunAsync("questions", "import", File("bank.gift", gift), "--format", "json")).Out);
        var output = Path.Combine(_directory, "out.gift");

        var run = await CliRun.RunAsync("questions", "export", json, "--format", "gift", "--out", output);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(gift, System.IO.File.ReadAllText(output));
    }

    [Fact]
    public async Task Import_MoodleXml_IsReadByItsExtension()
    {
        var path = File("bank.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <quiz>
              <question type="truefalse">
                <name><text>挂机</text></name>
                <questiontext format="html"><text><![CDATA[<p>让客户先挂机</p>]]></text></questiontext>
                <answer fraction="100"><text>true</text><feedback><text>对</text></feedback></answer>
                <answer fraction="0"><text>false</text><feedback><text>错</text></feedback></answer>
              </question>
            </quiz>
            """);

        var run = await CliRun.RunAsync("questions", "import", path, "--format", "gift");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("::挂机::[html]<p>让客户先挂机</p>{TRUE#错#对}\n\n", run.Out);
    }

    [Fact]
    public async Task Import_MissingFile_IsBadInput()
    {
        var run = await CliRun.RunAsync("questions", "import", Path.Combine(_directory, "none.gift"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot read the file", run.Error, StringComparison.Ordinal);
    }
}
