using ServiceCoach.Training;

namespace ServiceCoach.Tests.Training;

public sealed class ExamAssemblerTests
{
    private static readonly BankEntry[] Bank =
    [
        new(1, QuestionType.MultipleChoice, "投诉处理", ["R-CMP-3"], 1),
        new(2, QuestionType.TrueFalse, "投诉处理/分级", ["R-CMP-1"], 2),
        new(3, QuestionType.ShortAnswer, "投诉处理", ["R-CMP-3"], 2),
        new(4, QuestionType.Description, "投诉处理", [], null),
        new(5, QuestionType.Numerical, "服务标准", ["R-STD-1"], 1),
        new(6, QuestionType.Essay, "服务标准", ["R-STD-5"], 3),
    ];

    [Fact]
    public void Assemble_FixedQuestionAndADraw_NeverRepeatsAQuestionOrDrawsADescription()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var assembly = ExamAssembler.Assemble([ExamRule.Fixed(1, mark: 2), ExamRule.Draw(2, category: "投诉处理")], Bank, seed, shuffle: seed % 2 == 0);

            Assert.Empty(assembly.Problems);
            Assert.Equal([1L, 2L, 3L], assembly.Questions.Select(q => q.QuestionId).Order());
            Assert.DoesNotContain(assembly.Questions, q => q.QuestionId == 4);
            Assert.Contains(assembly.Questions, q => q.QuestionId == 1 && q.Mark == 2);
        }
    }

    [Fact]
    public void Assemble_CategoryIncludesItsSubcategories_TagAndDifficultyNarrowTheDraw()
    {
        var byCategory = ExamAssembler.Assemble([ExamRule.Draw(3, category: "投诉处理")], Bank, 7, shuffle: false);
        var byTag = ExamAssembler.Assemble([ExamRule.Draw(2, tag: "R-CMP-3")], Bank, 7, shuffle: false);
        var byDifficulty = ExamAssembler.Assemble([ExamRule.Draw(1, category: "服务标准", difficulty: 3)], Bank, 7, shuffle: false);

        Assert.Equal([1L, 2L, 3L], byCategory.Questions.Select(q => q.QuestionId).Order());
        Assert.Equal([1L, 3L], byTag.Questions.Select(q => q.QuestionId).Order());
        Assert.Equal(6, Assert.Single(byDifficulty.Questions).QuestionId);
    }

    [Fact]
    public void Assemble_SameSeed_GivesTheSameAttempt()
    {
        IReadOnlyList<ExamRule> rules = [ExamRule.Draw(5)];

        Assert.Equal(ExamAssembler.Assemble(rules, Bank, 42, shuffle: true).Questions, ExamAssembler.Assemble(rules, Bank, 42, shuffle: true).Questions);
    }

    [Fact]
    public void Assemble_NotEnoughQuestions_PlacesWhatThereIsAndSaysWhichRuleFellShort()
    {
        var assembly = ExamAssembler.Assemble([ExamRule.Draw(4, category: "服务标准"), ExamRule.Fixed(99)], Bank, 1, shuffle: false);

        Assert.Equal(2, assembly.Questions.Count);
        Assert.Equal(2, assembly.Problems.Count);
        Assert.Contains("Rule 1: 4 question(s) wanted, 2 in the bank match category '服务标准'", assembly.Problems[0], StringComparison.Ordinal);
        Assert.Contains("question 99", assembly.Problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void OptionOrder_IsAPermutationOfTheChoices()
    {
        var question = GiftReader.ReadQuestion("问？{=甲 ~乙 ~丙 ~丁}").Question!;

        var order = ExamAssembler.OptionOrder(question, shuffle: true, new Random(3));

        Assert.Equal([0, 1, 2, 3], order.Order());
        Assert.Equal([0, 1, 2, 3], ExamAssembler.OptionOrder(question, shuffle: false, new Random(3)));
    }
}
