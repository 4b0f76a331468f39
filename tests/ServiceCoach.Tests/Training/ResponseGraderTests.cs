using ServiceCoach.Training;

namespace ServiceCoach.Tests.Training;

public sealed class ResponseGraderTests
{
    private static Question Gift(string gift)
    {
        var result = GiftReader.ReadQuestion(gift);
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));
        return result.Question!;
    }

    private static double? Fraction(string gift, ExamResponse? response) => ResponseGrader.Grade(Gift(gift), response).Fraction;

    [Fact]
    public void Grade_SingleChoice_TakesTheChosenAnswersCreditAndFeedback()
    {
        var question = Gift("普通咨询应在多少秒内首次响应？{=30 秒#正确 ~60 秒#太慢了 ~%50%45 秒#接近}");

        Assert.Equal(1, ResponseGrader.Grade(question, new ExamResponse { Choice = 0 }).Fraction);
        var wrong = ResponseGrader.Grade(question, new ExamResponse { Choice = 1 });
        Assert.Equal((0.0, "太慢了"), (wrong.Fraction!.Value, wrong.Feedback!.Text));
        Assert.Equal(0.5, ResponseGrader.Grade(question, new ExamResponse { Choice = 2 }).Fraction);
    }

    [Fact]
    public void Grade_SingleChoiceIndexOutOfRange_IsWrongNotAnError() =>
        Assert.Equal(0, Fraction("问？{=对 ~错}", new ExamResponse { Choice = 7 }));

    [Fact]
    public void Grade_MultipleResponse_AddsCreditsAndAWrongTickCostsMarks()
    {
        const string gift = "哪些是礼貌用语？{~%50%您好 ~%50%谢谢 ~%-100%您必须}";

        Assert.Equal(1, Fraction(gift, new ExamResponse { Choices = [0, 1] }));
        Assert.Equal(0.5, Fraction(gift, new ExamResponse { Choices = [1] }));
        Assert.Equal(0, Fraction(gift, new ExamResponse { Choices = [0, 1, 2] }));
        Assert.Equal(0, Fraction(gift, new ExamResponse { Choices = [0, 2] }));
    }

    [Fact]
    public void Grade_MultipleResponse_TheSameTickTwiceCountsOnce() =>
        Assert.Equal(0.5, Fraction("哪些是礼貌用语？{~%50%您好 ~%50%谢谢 ~%-100%您必须}", new ExamResponse { Choices = [0, 0] }));

    [Theory]
    [InlineData(true, 1.0)]
    [InlineData(false, 0.0)]
    public void Grade_TrueFalse_IsAllOrNothing(bool answer, double expected) =>
        Assert.Equal(expected, Fraction("投诉必须在 24 小时内给出初步答复。{T}", new ExamResponse { Value = answer }));

    [Theory]
    [InlineData("Listen", 1.0)]
    [InlineData("  listen ", 1.0)]
    [InlineData("ＬＩＳＴＥＮ", 1.0)]
    [InlineData("listening", 0.0)]
    [InlineData("倾听", 0.5)]
    public void Grade_ShortAnswer_IgnoresCaseWidthAndSurroundingSpace(string typed, double expected) =>
        Assert.Equal(expected, Fraction("L-E-A-R-N 的 L 是？{=Listen =%50%倾听}", new ExamResponse { Text = typed }));

    [Fact]
    public void Grade_ShortAnswerWildcard_MatchesAnyRun() =>
        Assert.Equal(1, Fraction("道歉时先说？{=*抱歉*}", new ExamResponse { Text = "非常抱歉给您带来不便" }));

    [Theory]
    [InlineData("5", 1.0)]
    [InlineData("5.5", 1.0)]
    [InlineData("4.5", 1.0)]
    [InlineData("5.6", 0.0)]
    [InlineData("4.4", 0.0)]
    [InlineData("５", 1.0)]
    [InlineData("五", 0.0)]
    public void Grade_NumericalWithTolerance_AcceptsValuesWithinTheToleranceOnly(string typed, double expected) =>
        Assert.Equal(expected, Fraction("标准通话时长上限是几分钟？{#5:0.5}", new ExamResponse { Text = typed }));

    [Theory]
    [InlineData("3", 1.0)]
    [InlineData("7", 1.0)]
    [InlineData("7.01", 0.0)]
    public void Grade_NumericalRange_AcceptsTheWholeRange(string typed, double expected) =>
        Assert.Equal(expected, Fraction("时长范围？{#3..7}", new ExamResponse { Text = typed }));

    [Fact]
    public void Grade_SeveralNumericalAnswers_TakesTheFirstThatMatches()
    {
        const string gift = "首次响应时限（秒）？{# =30:0 =%50%30:10}";

        Assert.Equal(1, Fraction(gift, new ExamResponse { Text = "30" }));
        Assert.Equal(0.5, Fraction(gift, new ExamResponse { Text = "38" }));
        Assert.Equal(0, Fraction(gift, new ExamResponse { Text = "41" }));
    }

    [Fact]
    public void Grade_Matching_GivesTheShareOfPairsMatched()
    {
        var question = Gift("把等级和时限配对。{=一级 -> 2 小时 =二级 -> 24 小时 =三级 -> 48 小时}");
        var choices = ResponseGrader.MatchingChoices(question).ToList();
        var right = new ExamResponse { Pairs = [choices.IndexOf("2 小时"), choices.IndexOf("24 小时"), choices.IndexOf("48 小时")] };
        var oneWrong = new ExamResponse { Pairs = [choices.IndexOf("2 小时"), choices.IndexOf("48 小时"), choices.IndexOf("24 小时")] };

        Assert.Equal(1, ResponseGrader.Grade(question, right).Fraction);
        Assert.Equal(1.0 / 3, ResponseGrader.Grade(question, oneWrong).Fraction!.Value, 12);
        Assert.Equal(1.0 / 3, ResponseGrader.Grade(question, new ExamResponse { Pairs = [choices.IndexOf("2 小时")] }).Fraction!.Value, 12);
    }

    [Fact]
    public void Grade_Essay_WaitsForAPersonEvenWhenAnswered()
    {
        var grade = ResponseGrader.Grade(Gift("请写出一句道歉的话。{}"), new ExamResponse { Text = "非常抱歉" });

        Assert.True(grade.NeedsManualGrading);
        Assert.Null(grade.Fraction);
    }

    [Fact]
    public void Grade_NoAnswer_IsZeroForGradableQuestions() =>
        Assert.Equal(0, Fraction("问？{=对 ~错}", null));

    [Fact]
    public void Grade_Description_IsNotGraded() =>
        Assert.Null(ResponseGrader.Grade(Gift("以下几题关于投诉处理。"), new ExamResponse { Text = "x" }).Fraction);

    [Theory]
    [InlineData("普通咨询应在多少秒内首次响应？{=30 秒 ~60 秒}")]
    [InlineData("哪些是礼貌用语？{~%50%您好 ~%50%谢谢 ~%-100%您必须}")]
    [InlineData("投诉必须在 24 小时内给出初步答复。{F}")]
    [InlineData("L-E-A-R-N 的 L 是？{=Listen}")]
    [InlineData("标准通话时长上限是几分钟？{#5:0.5}")]
    [InlineData("把等级和时限配对。{=一级 -> 2 小时 =二级 -> 24 小时 =三级 -> 48 小时}")]
    public void RightResponse_GetsFullCredit(string gift)
    {
        var question = Gift(gift);

        Assert.Equal(1, ResponseGrader.Grade(question, ResponseGrader.RightResponse(question)).Fraction);
    }

    [Fact]
    public void ExamResponse_RoundTripsThroughJson_AndIgnoresGarbage()
    {
        var response = new ExamResponse { Choices = [2, 0], Text = "好" };

        Assert.Equal(response.ToJson(), ExamResponse.Parse(response.ToJson())!.ToJson());
        Assert.Null(ExamResponse.Parse("{not json"));
        Assert.Null(ExamResponse.Parse(""));
    }
}
