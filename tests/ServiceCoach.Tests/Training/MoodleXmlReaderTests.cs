using System.Text;
using ServiceCoach.Training;

namespace ServiceCoach.Tests.Training;

public sealed class MoodleXmlReaderTests
{
    private static QuestionFileResult Read(string xml) => MoodleXmlReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)));

    [Fact]
    public void Read_CoreTypes_GiveTheNeutralModel()
    {
        var result = Read("""
            <quiz>
              <question type="category"><category><text>$course$/top/服务标准</text></category></question>
              <question type="multichoice">
                <name><text>响应</text></name>
                <questiontext format="html"><text>多久响应？</text></questiontext>
                <generalfeedback format="html"><text>见 R-STD-1</text></generalfeedback>
                <defaultgrade>2</defaultgrade>
                <penalty>0.3333333</penalty>
                <single>false</single>
                <idnumber>q-1</idnumber>
                <answer fraction="50" format="html"><text>30 秒</text><feedback format="html"><text>对</text></feedback></answer>
                <answer fraction="-100"><text>5 分钟</text></answer>
                <tags><tag><text>R-STD-1</text></tag><tag><text>response-time</text></tag></tags>
              </question>
              <question type="numerical">
                <name><text>语速</text></name>
                <questiontext format="moodle_auto_format"><text>语速上限？</text></questiontext>
                <answer fraction="100"><text>220</text><tolerance>10</tolerance><feedback><text/></feedback></answer>
              </question>
              <question type="matching">
                <name><text>配对</text></name>
                <questiontext format="plain_text"><text>配对</text></questiontext>
                <subquestion format="html"><text>L</text><answer><text>倾听</text></answer></subquestion>
                <subquestion format="html"><text></text><answer><text>干扰项</text></answer></subquestion>
              </question>
              <question type="shortanswer"><name><text>S</text></name><questiontext><text>SCQA 的 S？</text></questiontext>
                <answer fraction="100"><text>情境</text></answer></question>
              <question type="essay"><name><text>改写</text></name><questiontext><text>改写这句话</text></questiontext></question>
              <question type="description"><name><text>说明</text></name><questiontext><text>以下是电话礼仪</text></questiontext></question>
            </quiz>
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var questions = result.Questions.ToList();
        Assert.Equal("$course$/top/服务标准", questions[0].CategoryPath);
        var choice = questions[1];
        Assert.False(choice.SingleAnswer);
        Assert.Equal([0.5, -1.0], choice.Answers.Select(a => a.Fraction));
        Assert.Equal(["R-STD-1", "response-time"], choice.Tags);
        Assert.Equal("q-1", choice.IdNumber);
        Assert.Equal(2, choice.Moodle.DefaultMark);
        Assert.Equal(new FormattedText("见 R-STD-1", TextFormat.Html), choice.GeneralFeedback);
        Assert.Equal((220.0, 10.0), (questions[2].NumericalAnswers[0].Value!.Value, questions[2].NumericalAnswers[0].Tolerance!.Value));
        Assert.Equal(TextFormat.Moodle, questions[2].QuestionText.Format);
        Assert.Equal(["倾听", "干扰项"], questions[3].Pairs.Select(p => p.Answer));
        Assert.Equal(TextFormat.Plain, questions[3].QuestionText.Format);
        Assert.Equal([QuestionType.ShortAnswer, QuestionType.Essay, QuestionType.Description], questions.Skip(4).Select(q => q.Type));
    }

    [Fact]
    public void Read_UnsupportedType_IsReportedWithItsLineAndSkipped()
    {
        var result = Read("<quiz>\n<question type=\"truefalse\"><name><text>甲</text></name><questiontext><text>对吗</text></questiontext><answer fraction=\"100\"><text>true</text></answer><answer fraction=\"0\"><text>false</text></answer></question>\n<question type=\"cloze\"><name><text>乙</text></name></question>\n</quiz>");

        Assert.Single(result.Questions);
        var error = Assert.Single(result.Errors);
        Assert.Equal((QuestionImportCodes.UnsupportedType, 3), (error.Code, error.Line));
    }

    [Fact]
    public void Read_MalformedXml_IsRejectedWithLineAndColumn()
    {
        var result = Read("<quiz>\n  <question type=\"essay\">\n</quiz>");

        Assert.Equal("invalidxmlfile", result.FileError!.Code);
        Assert.Equal(3, result.FileError.Line);
    }
}
