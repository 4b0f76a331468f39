using System.Text;
using ServiceCoach.Conversations;
using ServiceCoach.Quality;
using ServiceCoach.Standards;
using static ServiceCoach.Tests.Quality.OperatorTesting;

namespace ServiceCoach.Tests.Quality;

/// <summary>
/// Every conversation has a budget of counted work units (never a clock): a conversation that needs
/// more gets an error naming what was being evaluated and the limit, and scoring it is repeatable.
/// </summary>
public sealed class ScoringBudgetTests
{
    private static readonly string LongExample = string.Concat(Enumerable.Repeat("请问还有什么可以帮您", 200));

    private static Conversation HugeTurn() =>
        Conversation(Customer("在吗"), Agent(string.Concat(Enumerable.Repeat("我们会尽快为您处理", 16_667))[..150_000]));

    [Fact]
    public void Score_EditSimilarityThatCannotBePrunedOnAHugeTurn_StopsAtTheDefaultBudgetNamingTheCheck()
    {
        // Threshold 0 allows any distance: the 150,000 × 2,000 table cannot be cut short, so the budget stops it.
        var standard = Load($"similarity: {{examples: [{LongExample}], method: edit, threshold: 0}}").GetStandardOrThrow();
        var engine = new QualityEngine(standard);

        var error = Assert.Throws<ScoringBudgetExceededException>(() => engine.Score(HugeTurn()));

        Assert.Equal("conv-1", error.ConversationId);
        Assert.Equal("check 'hit'", error.Item);
        Assert.Equal("c", error.Condition);
        Assert.Equal(QualityEngine.DefaultWorkBudget, error.Budget);
        Assert.Contains("check 'hit', condition 'c'", error.Message, StringComparison.Ordinal);
        Assert.Contains("50,000,000 work units per conversation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_WithinTheBudget_ReportsTheSameWorkUnitsEveryTime()
    {
        var engine = new QualityEngine(ShippedStandards.Default);
        var conversation = Conversation(Customer("你好，我的快递一直没到"), Agent("您好，非常抱歉，我马上为您查询"), Customer("好的谢谢"));

        var first = engine.Score(conversation);
        var second = engine.Score(conversation);

        Assert.True(first.WorkUnits > 0);
        Assert.Equal(first.WorkUnits, second.WorkUnits);
        Assert.True(first.WorkUnits < QualityEngine.DefaultWorkBudget / 1000, $"an ordinary conversation took {first.WorkUnits} units");
    }

    [Fact]
    public void Score_SmallBudget_ErrsAndTheSameEngineScoresTheNextConversation()
    {
        var standard = ShippedStandards.Default;
        var small = Conversation(Customer("在吗"), Agent("您好"));
        var needed = new QualityEngine(standard).Score(small).WorkUnits;
        var engine = new QualityEngine(standard, workBudget: needed);
        var longer = Conversation(Customer("在吗，我的快递一直没到"), Agent("您好，请问有什么可以帮您？"));

        var error = Assert.Throws<ScoringBudgetExceededException>(() => engine.Score(longer));
        var scored = engine.Score(small);

        Assert.Equal(needed, error.Budget);
        Assert.Equal(needed, scored.WorkUnits);
    }

    [Fact]
    public void Constructor_NonPositiveBudget_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new QualityEngine(ShippedStandards.Default, workBudget: 0));
    }

    [Fact]
    public void Pipeline_ConversationOverBudget_IsAnErrorAndTheOthersAreScored()
    {
        var standard = Load($"similarity: {{examples: [{LongExample}], method: edit, threshold: 0}}").GetStandardOrThrow();
        var huge = new string('我', 150_000);
        var jsonl = string.Join("\n",
            """{"id":"a","channel":"chat","turns":[{"speaker":"agent","text":"您好"}]}""",
            $$"""{"id":"b","channel":"chat","turns":[{"speaker":"agent","text":"{{huge}}"}]}""",
            """{"id":"c","channel":"chat","turns":[{"speaker":"agent","text":"请问还有什么可以帮您"}]}""");
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(jsonl));

        var results = new List<ImportItem>();
        foreach (var batch in new ScoringPipeline(new QualityEngine(standard), 1, serializeJson: false).Run(ImportBatch.Read(stream, "input.jsonl", 10)))
        {
            results.AddRange(batch.Items.Select(i => i.Item));
        }

        Assert.Equal(["a", "c"], results.Where(i => !i.IsError).Select(i => i.Conversation!.Id));
        var error = Assert.Single(results, i => i.IsError).Error!;
        Assert.Equal("b", error.RecordId);
        Assert.StartsWith("error: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("check 'hit'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("please report", error.Message, StringComparison.Ordinal);
    }
}
