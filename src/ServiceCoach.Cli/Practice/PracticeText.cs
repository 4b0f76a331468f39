using System.Globalization;
using System.Text;
using ServiceCoach.Practice;
using ServiceCoach.Quality;

namespace ServiceCoach.Cli.Practice;

/// <summary>The terminal form of a scenario card, the customer's lines and the practice report.</summary>
internal static class PracticeText
{
    public static void WriteCard(TextWriter output, CompiledScenario scenario)
    {
        var d = scenario.Definition;
        output.WriteLine($"【{d.Title}】 {ScenarioCategories.NameOf(d.Category)} · {ScenarioCategories.DifficultyName(d.Difficulty)} · {d.Channel.ToString().ToLowerInvariant()}");
        output.WriteLine($"客户：{d.Persona.Name}{(d.Persona.Tier is { } tier ? $"（{tier}）" : "")}");
        if (d.Briefing is { } briefing)
        {
            output.WriteLine($"你知道的情况：{briefing}");
        }

        output.WriteLine($"目标：{d.Goal}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"最多 {d.MaxTurns} 轮回复。"));
    }

    public static string CustomerLine(CompiledScenario scenario, string text, int emotion) =>
        string.Create(CultureInfo.InvariantCulture, $"{scenario.Definition.Persona.Name} [{Meter(emotion)} {emotion}]: {text}");

    /// <summary>A ten-cell bar: how upset the customer is.</summary>
    public static string Meter(int emotion)
    {
        var filled = (emotion + 5) / 10;
        return new string('█', filled) + new string('░', 10 - filled);
    }

    public static void WriteResult(TextWriter output, PracticeResult result, CompiledScenario scenario)
    {
        output.WriteLine();
        output.WriteLine($"== 演练报告 Practice report: {scenario.Definition.Title} ({scenario.Id} v{result.ScenarioVersion})");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"结果 Outcome: {PracticeOutcomes.ChineseName(result.Outcome)} ({PracticeOutcomes.Name(result.Outcome)})   得分 Score: {result.Score}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  质检 {result.Parts.Quality} · 情景评分 {result.Parts.Rubric} · 结果 {result.Parts.Outcome}{(result.Parts.Calm is { } calm ? $" · 情绪平复 {calm}" : "")}"));
        if (result.Emotion.Count > 0)
        {
            output.WriteLine($"情绪曲线 Emotion: {string.Join(" → ", result.Emotion)}");
        }

        output.WriteLine();
        output.WriteLine("情景评分项 Rubric:");
        foreach (var item in result.Rubric)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(item.Passed ? "✓" : "✗")} {item.Name} ({item.Earned}/{item.Points})"));
        }

        output.WriteLine();
        output.WriteLine("做得好 What went well:");
        WriteItems(output, result.Feedback.WentWell);
        output.WriteLine();
        output.WriteLine("需要改进 What to change:");
        WriteItems(output, result.Feedback.ToChange);
        output.WriteLine();
        var failed = result.Scorecard.Checks.Count(c => c.Outcome == CheckOutcome.Fail && !c.Bonus);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"质检 Scorecard: {result.Scorecard.Score} ({result.Scorecard.GradeName}), {failed} check(s) failed — standard {result.Scorecard.StandardId} {result.Scorecard.StandardVersion}"));
    }

    private static void WriteItems(TextWriter output, IReadOnlyList<FeedbackItem> items)
    {
        if (items.Count == 0)
        {
            output.WriteLine("  —");
            return;
        }

        foreach (var item in items)
        {
            var line = new StringBuilder("  • ").Append(item.Title);
            if (item.Reply is { } reply)
            {
                line.Append(CultureInfo.InvariantCulture, $"（第 {reply} 轮）");
            }

            output.WriteLine(line.ToString());
            if (item.Quote is not null)
            {
                output.WriteLine($"      「{item.Quote}」");
            }

            if (item.Detail is not null)
            {
                output.WriteLine($"      {item.Detail}");
            }

            if (item.Model is not null)
            {
                output.WriteLine($"      示范 Model: {item.Model}");
            }
        }
    }
}
