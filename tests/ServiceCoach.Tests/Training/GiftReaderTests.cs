using System.Text;
using ServiceCoach.Training;

namespace ServiceCoach.Tests.Training;

public sealed class GiftReaderTests
{
    private static Question One(string gift)
    {
        var result = GiftReader.ReadQuestion(gift);
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));
        return result.Question!;
    }

    private static QuestionImportError Error(string gift)
    {
        var result = GiftReader.ReadQuestion(gift);
        Assert.Null(result.Question);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void ReadQuestion_SingleChoiceWithFeedback_GivesFractionsAndFeedbackPerChoice()
    {
        var question = One("::Q1::普通咨询应在多少秒内首次响应？{=30 秒#正确。~60 秒#太慢了。~5 分钟#这是复杂问题的时限。}");

        Assert.Equal(QuestionType.MultipleChoice, question.Type);
        Assert.Equal("Q1", question.Name);
        Assert.Equal("普通咨询应在多少秒内首次响应？", question.QuestionText.Text);
        Assert.True(question.SingleAnswer);
        Assert.Equal(["30 秒", "60 秒", "5 分钟"], question.Answers.Select(a => a.Text.Text));
        Assert.Equal([1.0, 0, 0], question.Answers.Select(a => a.Fraction));
        Assert.Equal("这是复杂问题的时限。", question.Answers[2].Feedback.Text);
    }

    [Fact]
    public void ReadQuestion_OnlyWeightedChoices_IsMultipleResponse()
    {
        var question = One("哪些是礼貌用语？{~%50%您好 ~%50%谢谢 ~%-100%您必须}");

        Assert.False(question.SingleAnswer);
        Assert.Equal([0.5, 0.5, -1.0], question.Answers.Select(a => a.Fraction));
    }

    [Fact]
    public void ReadQuestion_DecimalWeights_KeepTheirPrecision()
    {
        var question = One("选出全部正确项{~%33.33333%甲 ~%33.33333%乙 ~%33.33333%丙 ~%-100%丁}");

        Assert.Equal(0.3333333, question.Answers[0].Fraction, 12);
    }

    [Fact]
    public void ReadQuestion_AnswersInsideTheSentence_IsMissingWordWithABlank()
    {
        var question = One("投诉处理第一步是 {=倾听 ~道歉 ~解决} 客户的诉求。");

        Assert.Equal("投诉处理第一步是 _____ 客户的诉求。", question.QuestionText.Text);
        Assert.Equal(QuestionType.MultipleChoice, question.Type);
    }

    [Fact]
    public void ReadQuestion_AnswersAtTheEnd_LeaveNoBlank()
    {
        Assert.Equal("电话应在几声铃响内接起？", One("电话应在几声铃响内接起？{#3}").QuestionText.Text);
    }

    [Theory]
    [InlineData("{T}", true)]
    [InlineData("{TRUE}", true)]
    [InlineData("{F}", false)]
    [InlineData("{FALSE}", false)]
    public void ReadQuestion_TrueFalse_ReadsTheAnswer(string answers, bool expected)
    {
        var question = One("应让客户先挂断电话。" + answers);

        Assert.Equal(QuestionType.TrueFalse, question.Type);
        Assert.Equal(expected, question.CorrectAnswer);
        Assert.Equal(1, question.Moodle.Penalty);
    }

    [Fact]
    public void ReadQuestion_TrueFalseFeedback_FirstIsForTheWrongAnswerSecondForTheRight()
    {
        var question = One("可以说\"您必须先登录\"。{F#这是否定式表达。#对，应改为\"建议您先登录\"。}");

        Assert.False(question.CorrectAnswer);
        Assert.Equal("这是否定式表达。", question.FeedbackWhenTrue.Text);
        Assert.Equal("对，应改为\"建议您先登录\"。", question.FeedbackWhenFalse.Text);
    }

    [Fact]
    public void ReadQuestion_ShortAnswer_AcceptsSeveralAnswersWithCredit()
    {
        var question = One("SCQA 中的 S 代表什么？{=情境 =背景 =%50%Situation#请用中文}");

        Assert.Equal(QuestionType.ShortAnswer, question.Type);
        Assert.Equal(["情境", "背景", "Situation"], question.Answers.Select(a => a.Text.Text));
        Assert.Equal([1, 1, 0.5], question.Answers.Select(a => a.Fraction));
        Assert.Equal("请用中文", question.Answers[2].Feedback.Text);
    }

    [Fact]
    public void ReadQuestion_NumericalForms_GiveValueAndTolerance()
    {
        var exact = One("普通投诉应在多少小时内办结？{#24}").NumericalAnswers.Single();
        var tolerance = One("语速上限（字/分钟）？{#220:10}").NumericalAnswers.Single();
        var range = One("语速范围内的任一值？{#180..220}").NumericalAnswers.Single();

        Assert.Equal((24.0, 0.0), (exact.Value!.Value, exact.Tolerance!.Value));
        Assert.Equal((220.0, 10.0), (tolerance.Value!.Value, tolerance.Tolerance!.Value));
        Assert.Equal((200.0, 20.0), (range.Value!.Value, range.Tolerance!.Value));
    }

    [Fact]
    public void ReadQuestion_SeveralNumericAnswersAndWrongFeedback_KeepsEachWithItsCredit()
    {
        var question = One("""
            首次响应时限（秒）？{#
                =30#正确
                =%50%60:5#偏慢
                ~#请复习响应时限
            }
            """);

        Assert.Equal(3, question.NumericalAnswers.Count);
        Assert.Equal(0.5, question.NumericalAnswers[1].Fraction);
        var catchAll = question.NumericalAnswers[2];
        Assert.Null(catchAll.Value);
        Assert.Null(catchAll.Tolerance);
        Assert.Equal("请复习响应时限", catchAll.Feedback.Text);
    }

    [Fact]
    public void ReadQuestion_Matching_PairsAndDistractor()
    {
        var question = One("""
            ::LUASF::把步骤与含义配对。{
                =L -> 倾听与安抚
                =U -> 确认与澄清
                = -> 转移话题
            }
            """);

        Assert.Equal(QuestionType.Matching, question.Type);
        Assert.Equal(["L", "U", ""], question.Pairs.Select(p => p.Question.Text));
        Assert.Equal(["倾听与安抚", "确认与澄清", "转移话题"], question.Pairs.Select(p => p.Answer));
    }

    [Fact]
    public void ReadQuestion_EmptyBraces_IsAnEssayAndNoBracesADescription()
    {
        Assert.Equal(QuestionType.Essay, One("请改写这句话：\"这不归我们管。\"{}").Type);

        var description = One("以下题目考查电话礼仪。");
        Assert.Equal(QuestionType.Description, description.Type);
        Assert.Equal(0, description.Moodle.DefaultMark);
        Assert.Equal(0, description.Moodle.Length);
    }

    [Fact]
    public void ReadQuestion_GeneralFeedback_TakesTheFormatOfTheQuestionUnlessGiven()
    {
        var question = One("[html]<p>请写出 SCQA 的四个部分。</p>{####<b>S</b>情境、C冲突、Q问题、A答案}");

        Assert.Equal(TextFormat.Html, question.QuestionText.Format);
        Assert.Equal(new FormattedText("<b>S</b>情境、C冲突、Q问题、A答案", TextFormat.Html), question.GeneralFeedback);
    }

    [Fact]
    public void ReadQuestion_FormatPrefixes_ApplyToEachTextSeparately()
    {
        var question = One("[markdown]**哪个**正确？{=[plain]甲#[html]<i>对</i> ~[moodle]乙}");

        Assert.Equal(TextFormat.Markdown, question.QuestionText.Format);
        Assert.Equal(TextFormat.Plain, question.Answers[0].Text.Format);
        Assert.Equal(TextFormat.Html, question.Answers[0].Feedback.Format);
        Assert.Equal(TextFormat.Moodle, question.Answers[1].Text.Format);
    }

    [Fact]
    public void ReadQuestion_UnknownFormatName_IsOrdinaryText()
    {
        Assert.Equal(new FormattedText("[htm]说明", TextFormat.Moodle), One("[htm]说明").QuestionText);
    }

    [Fact]
    public void ReadQuestion_Escapes_AreLiteralCharacters()
    {
        var question = One(@"::a\:b::表达式 1 \= 1 \{ \} \# \~ 与 \\ 还有\n换行{=对\#1 ~错}");

        Assert.Equal("a:b", question.Name);
        Assert.Equal("表达式 1 = 1 { } # ~ 与 \\ 还有\n换行", question.QuestionText.Text);
        Assert.Equal("对#1", question.Answers[0].Text.Text);
    }

    [Fact]
    public void ReadQuestion_CommentLines_AreSkippedAndGiveIdAndTags()
    {
        var question = One("""
            // 响应时限 [id:R-STD-1-q1]
            // [tag:R-STD-1] [tag:response-time]
            首次响应时限？{#30}
            """);

        Assert.Equal("R-STD-1-q1", question.IdNumber);
        Assert.Equal(["R-STD-1", "response-time"], question.Tags);
        Assert.DoesNotContain("//", question.QuestionText.Text);
    }

    [Fact]
    public void ReadQuestion_NoName_UsesTheTextShortenedAtACharacter()
    {
        var text = string.Concat(Enumerable.Repeat("客户服务标准化", 20));
        var question = One(text + "{T}");

        Assert.EndsWith("...", question.Name);
        Assert.Equal(80, question.Name.Length);
    }

    [Fact]
    public void ReadQuestion_NameWithTags_IsCleaned()
    {
        Assert.Equal("粗体名", One("::<b>粗体名</b>::正文{T}").Name);
    }

    [Fact]
    public void ReadQuestion_MissingClosingBrace_IsABraceErrorAtTheBrace()
    {
        var error = Error("// 注释\n::Q::投诉分几级？{=三级 ~两级");

        Assert.Equal(QuestionImportCodes.BraceError, error.Code);
        Assert.Equal("Could not find {...} around answers", error.Message);
        Assert.Equal((2, 12), (error.Line, error.Column));
    }

    [Fact]
    public void ReadQuestion_OneChoiceOnly_IsNotEnoughAnswers()
    {
        Assert.Equal(QuestionImportCodes.NotEnoughAnswers, Error("只有一个选项 {~甲}").Code);
    }

    [Fact]
    public void ReadQuestion_PairWithoutArrow_IsAMatchingFormatError()
    {
        Assert.Equal(QuestionImportCodes.MatchingFormat, Error("配对 {=甲 -> 乙 =丙}").Code);
    }

    [Fact]
    public void ReadQuestion_NumberSignWithoutNumbers_IsAnError()
    {
        Assert.Equal(QuestionImportCodes.NoNumericalAnswers, Error("数字？{#}").Code);
    }

    [Theory]
    [InlineData("多少秒？{#三十}")]
    [InlineData("多少秒？{#30:很快}")]
    [InlineData("多少秒？{#甲..乙}")]
    public void ReadQuestion_NumericalThatIsNotANumber_IsRejected(string gift)
    {
        Assert.Equal(QuestionImportCodes.NotNumbers, Error(gift).Code);
    }

    [Fact]
    public void ReadQuestion_StarAnswer_IsAnyOtherAnswer()
    {
        var answer = One("多少秒？{#=30 =%0%*#其他答案}").NumericalAnswers[1];

        Assert.Null(answer.Value);
        Assert.Equal(0, answer.Tolerance);
    }

    [Fact]
    public void ReadCommentMetadata_EscapedBracketsAndSpaces_AreHandled()
    {
        var (id, tags) = GiftReader.ReadCommentMetadata("// [tag:  情绪 ] 说明 [id: a\\]b ] [tag:x\\]y] [id:second]");

        Assert.Equal("a]b", id);
        Assert.Equal(["情绪", "x]y"], tags);
    }

    [Fact]
    public void ReadCommentMetadata_TokenSplitOverTwoLines_IsNotATag()
    {
        Assert.Empty(GiftReader.ReadCommentMetadata("// [tag:\n// 共情]").Tags);
    }

    [Fact]
    public void ReadFile_CategoriesAndBlankLines_GiveItemsInOrder()
    {
        var result = GiftReader.ReadFile("""
            $CATEGORY: 服务标准/响应时限

            ::Q1::普通咨询 {#30}


            // 注释
            ::Q2::复杂问题（分钟）{#5}

            $CATEGORY: 投诉

            ::Q3::投诉分级{=三级 ~两级}
            """);

        Assert.True(result.Succeeded);
        Assert.Equal([QuestionType.Category, QuestionType.Numerical, QuestionType.Numerical, QuestionType.Category, QuestionType.MultipleChoice], result.Questions.Select(q => q.Type));
        Assert.Equal(3, result.QuestionCount);
        Assert.Equal([1, 3, 7, 9, 11], result.Items.Select(i => i.Line));
    }

    [Fact]
    public void ReadFile_BadQuestion_IsSkippedWithItsLineAndTheRestImported()
    {
        var result = GiftReader.ReadFile("::Q1::好题{T}\n\n::Q2::坏题 {=甲 ~乙\n\n::Q3::好题{F}\n");

        Assert.Equal(["Q1", "Q3"], result.Questions.Select(q => q.Name));
        var error = Assert.Single(result.Errors);
        Assert.Equal((3, 10), (error.Line, error.Column));
        Assert.Contains("坏题", error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFile_IndentedLines_ReportColumnsInTheOriginalLine()
    {
        var result = GiftReader.ReadFile("   ::Q::题目\n      {=甲 ->\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal((2, 7), (error.Line, error.Column));
    }

    [Fact]
    public void ReadFile_Utf8Bom_IsIgnored()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("::Q::题目{T}")).ToArray();

        Assert.Equal("Q", GiftReader.ReadFile(bytes).Questions.Single().Name);
    }

    [Fact]
    public void ReadFile_Utf16_IsRejectedLikeMoodleUnlessAccepted()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("::Q::题目{T}")).ToArray();

        var strict = GiftReader.ReadFile(bytes);
        var lenient = GiftReader.ReadFile(bytes, new GiftReadOptions(AcceptUtf16: true));

        Assert.Equal(QuestionImportCodes.WrongEncoding, strict.FileError!.Code);
        Assert.Contains("UTF-16", strict.FileError.Detail, StringComparison.Ordinal);
        Assert.Equal("Q", lenient.Questions.Single().Name);
    }

    [Fact]
    public void ReadFile_GbkBytes_AreRejectedWithThePositionOfTheFirstBadByte()
    {
        var bytes = Encoding.UTF8.GetBytes("::Q1::好{T}\n\n::Q2::").Concat(new byte[] { 0xC4, 0xE3 }).Concat(Encoding.UTF8.GetBytes("{T}")).ToArray();

        var error = GiftReader.ReadFile(bytes).FileError!;

        Assert.Equal(QuestionImportCodes.WrongEncoding, error.Code);
        Assert.Equal((3, 7), (error.Line, error.Column));
    }

    [Fact]
    public void ReadFile_OldMacLineEnds_AreLines()
    {
        var result = GiftReader.ReadFile("::Q1::甲{T}\r\r::Q2::乙{F}");

        Assert.Equal(["Q1", "Q2"], result.Questions.Select(q => q.Name));
    }

    [Fact]
    public void ReadFile_LineHoldingOnlyZero_EndsAQuestionAsInMoodle()
    {
        Assert.Equal(2, GiftReader.ReadFile("::Q1::甲{T}\n0\n::Q2::乙{F}").QuestionCount);
    }

    [Fact]
    public void ReadFile_OnlyComments_IsNoQuestionsInFile()
    {
        Assert.Equal(QuestionImportCodes.NoQuestions, GiftReader.ReadFile("// 只有注释\n").FileError!.Code);
    }
}
