using CsCheck;
using ServiceCoach.Training;

namespace ServiceCoach.Tests.Training;

public sealed class GiftWriterTests
{
    private static FormattedText T(string text, TextFormat format = TextFormat.Moodle) => new(text, format);

    [Fact]
    public void Write_SingleChoice_UsesTabsEqualsAndTildes()
    {
        var question = new Question
        {
            Type = QuestionType.MultipleChoice,
            Name = "响应",
            QuestionText = T("普通咨询多久内响应？"),
            Answers =
            [
                new ChoiceAnswer(T("30 秒"), 1, T("对")),
                new ChoiceAnswer(T("60 秒"), 0, T(string.Empty)),
                new ChoiceAnswer(T("10 秒", TextFormat.Html), -0.5, T("太严", TextFormat.Plain)),
            ],
        };

        Assert.Equal("::响应::普通咨询多久内响应？{\n\t=30 秒#对\n\t~60 秒\n\t~%-50%[html]10 秒#[plain]太严\n}\n\n", GiftWriter.Write(question));
    }

    [Fact]
    public void Write_SingleChoiceWhoseChoicesAreAllRight_StaysAMultipleChoiceWhenReadBack()
    {
        var question = new Question
        {
            Type = QuestionType.MultipleChoice,
            Name = "问候",
            QuestionText = T("哪句是规范问候？"),
            SingleAnswer = true,
            Answers = [new ChoiceAnswer(T("您好"), 1, T(string.Empty)), new ChoiceAnswer(T("你好"), 1, T(string.Empty))],
        };

        var gift = GiftWriter.Write(question);
        var read = GiftReader.ReadQuestion(gift).Question!;

        Assert.Equal("::问候::哪句是规范问候？{\n\t=您好\n\t~%100%你好\n}\n\n", gift);
        Assert.Equal(QuestionType.MultipleChoice, read.Type);
        Assert.True(read.SingleAnswer);
        Assert.All(read.Answers, answer => Assert.Equal(1, answer.Fraction));
    }

    [Fact]
    public void Write_WithMoodleId_StartsWithMoodlesHeaderAndMetadataComment()
    {
        var question = new Question
        {
            Type = QuestionType.TrueFalse,
            Name = "挂机",
            QuestionText = T("应让客户先挂断。"),
            CorrectAnswer = true,
            FeedbackWhenFalse = T("请再想想"),
            IdNumber = "p-1",
            Tags = ["R-STD-3", "closing"],
            Moodle = MoodleSettings.Default with { Id = 42 },
        };

        Assert.Equal("// question: 42  name: 挂机\n// [id:p-1] [tag:R-STD-3] [tag:closing]\n::挂机::应让客户先挂断。{TRUE#请再想想}\n\n", GiftWriter.Write(question));
    }

    [Fact]
    public void Write_Numerical_WritesValueToleranceAndCatchAll()
    {
        var question = new Question
        {
            Type = QuestionType.Numerical,
            Name = "语速",
            QuestionText = T("语速上限？"),
            NumericalAnswers = [new NumericalAnswer(220, 10, 1, T(string.Empty)), new NumericalAnswer(0.00001, 0.5, 0.3333333, T("近")), new NumericalAnswer(null, null, 0, T("复习"))],
            GeneralFeedback = T("180–220 字/分钟"),
        };

        Assert.Equal("::语速::语速上限？{#\n\t=%100%220:10#\n\t=%33.33333%1.0E-5:0.5#近\n\t~#复习\n\t####180–220 字/分钟\n}\n\n", GiftWriter.Write(question));
    }

    [Fact]
    public void Escape_ControlCharacters_AreBackslashedAndNewlinesWritten()
    {
        Assert.Equal(@"a\:b\#c\=d\~e\{f\}g\\h\ni", GiftWriter.Escape("a:b#c=d~e{f}g\\h\r\ni"));
    }

    [Fact]
    public void WriteThenRead_AnyQuestion_GivesTheSameQuestion()
    {
        Questions.Sample(question =>
        {
            var gift = GiftWriter.Write(question);
            var read = GiftReader.ReadQuestion(gift);
            Assert.True(read.Errors.Count == 0, gift + "\n" + string.Join("\n", read.Errors));
            AssertSame(question, read.Question!);
        }, iter: 400);
    }

    [Fact]
    public void WriteFileThenReadFile_GivesTheSameQuestionsInOrder()
    {
        Questions.Where(q => q.Type != QuestionType.Description).List[1, 6].Sample(questions =>
        {
            var read = GiftReader.ReadFile(GiftWriter.WriteFile(questions));
            Assert.Equal(questions.Count, read.QuestionCount);
            foreach (var (expected, actual) in questions.Zip(read.Questions))
            {
                AssertSame(expected, actual);
            }
        }, iter: 100);
    }

    /// <summary>Equal as the neutral schema compares: numbers within 1e-9 (33.33333 % is 0.33333329999999994 after division).</summary>
    private static void AssertSame(Question expected, Question actual)
    {
        var differences = new List<string>();
        JsonComparison.Compare(System.Text.Json.Nodes.JsonNode.Parse(QuestionJson.Write(expected)), System.Text.Json.Nodes.JsonNode.Parse(QuestionJson.Write(actual)), "$", differences);
        Assert.True(differences.Count == 0, string.Join("\n", differences) + "\n" + GiftWriter.Write(expected));
    }

    // Texts GIFT carries unchanged: trimmed, non-empty, no leading '[' (a format prefix), no "->"
    // (the matching separator) and no "&&" (Moodle's escape placeholders), but every control character.
    private static readonly Gen<string> Texts =
        Gen.Char["投诉客户您好谢abc XYZ:#=~{}\\\n—。？0123456789"].Array[1, 12]
            .Select(chars => new string(chars).Trim(' ', '\n'))
            .Where(text => text.Length > 0 && !text.StartsWith('[') && text != "0" && !text.Contains("->", StringComparison.Ordinal) && !text.StartsWith("//", StringComparison.Ordinal));

    private static readonly Gen<TextFormat> Formats = Gen.Enum<TextFormat>();

    private static readonly Gen<double> Fractions = Gen.Int[0, 8].Select(i => new[] { 1, 0.5, 0.3333333, 0.25, 0.1, -0.5, -1, 0.9, 0.05 }[i]);

    private static readonly Gen<Question> Questions =
        Gen.Select(Texts, Texts, Formats, Gen.Int[0, 6]).SelectMany((name, text, format, kind) =>
        {
            var question = new Question { Type = QuestionType.Essay, Name = name, QuestionText = new FormattedText(text, format), GeneralFeedback = FormattedText.Empty(format) };
            var feedback = Gen.Select(Texts, Formats, Gen.Bool).Select((t, f, empty) => empty ? FormattedText.Empty(format) : new FormattedText(t, f));
            return kind switch
            {
                0 => Gen.Select(Gen.Select(Texts, Formats, Fractions, feedback).Select((t, f, fraction, fb) => new ChoiceAnswer(new FormattedText(t, f), fraction, fb)).List[2, 5], Gen.Bool)
                    .Select((answers, single) => question with
                    {
                        Type = QuestionType.MultipleChoice,
                        SingleAnswer = single && answers.Any(a => a.Fraction == 1),
                        Answers = answers,
                    }),
                1 => Gen.Select(Texts, Fractions, feedback).Select((t, fraction, fb) => new ChoiceAnswer(new FormattedText(t, format), fraction, fb with { Text = fb.Text, Format = fb.IsEmpty ? format : fb.Format })).List[1, 4]
                    .Select(answers => question with { Type = QuestionType.ShortAnswer, Answers = answers }),
                2 => Gen.Select(Gen.Double[-1000, 1000].Select(v => Math.Round(v, 3) is var r && r == 0 ? 0 : r), Gen.Double[0, 10].Select(v => Math.Round(v, 2)), Fractions, feedback)
                    .Select((value, tolerance, fraction, fb) => new NumericalAnswer(value, tolerance, fraction, fb.IsEmpty ? FormattedText.Empty(format) : fb)).List[1, 3]
                    .Select(Gen.Bool, feedback)
                    .Select((answers, catchAll, fb) => question with
                    {
                        Type = QuestionType.Numerical,
                        NumericalAnswers = catchAll ? [.. answers, new NumericalAnswer(null, null, 0, fb.IsEmpty ? FormattedText.Empty(format) : fb)] : answers,
                    }),
                3 => Gen.Select(Gen.Bool, feedback, feedback).Select((correct, whenTrue, whenFalse) => question with
                {
                    Type = QuestionType.TrueFalse,
                    CorrectAnswer = correct,
                    FeedbackWhenTrue = whenTrue,
                    FeedbackWhenFalse = whenFalse,
                    Moodle = MoodleSettings.Default with { Penalty = 1 },
                }),
                4 => Gen.Select(Texts, Formats, Texts, Gen.Int[0, 5]).Select((q, f, a, distractor) => new MatchPair(distractor == 0 ? FormattedText.Empty(format) : new FormattedText(q, f), a)).List[2, 5]
                    .Select(pairs => question with { Type = QuestionType.Matching, Pairs = pairs }),
                5 => Gen.Select(Texts, Formats).Select((t, f) => question with { GeneralFeedback = new FormattedText(t, f) }),
                _ => Gen.Const(question with { Type = QuestionType.Description, Moodle = MoodleSettings.Default with { DefaultMark = 0, Length = 0 } }),
            };
        });
}
