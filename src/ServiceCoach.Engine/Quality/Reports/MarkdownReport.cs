using ServiceCoach.Conversations;
using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Reports;

/// <summary>A Markdown report: per conversation the failed checks with quoted evidence and suggestions, then the summary.</summary>
internal sealed class MarkdownReport(TextWriter output, CompiledStandard standard) : QualityReport(output, standard)
{
    public override void Begin()
    {
        Output.WriteLine("# 质检报告 · Quality inspection report");
        Output.WriteLine();
        Output.WriteLine($"标准 Standard: **{Standard.Name}** (`{Standard.Id}` {Standard.Version})");
        Output.WriteLine();
        Output.WriteLine("The summary is at the end. 汇总见文末。");
        Output.WriteLine();
    }

    public override void WriteConversation(Conversation conversation, Scorecard scorecard)
    {
        var fatal = scorecard.Fatal ? " · ⚠ **致命项 fatal**" : "";
        Output.WriteLine($"## {Escape(conversation.Id)} — {Number(scorecard.Score)} 分 · {scorecard.Grade} {scorecard.GradeName}{fatal}");
        Output.WriteLine();
        Output.WriteLine($"_{Escape(Describe(conversation))}_");
        Output.WriteLine();
        var failed = scorecard.Checks.Where(c => c.Outcome == CheckOutcome.Fail && !c.Bonus).ToList();
        if (failed.Count == 0)
        {
            Output.WriteLine("✓ 全部通过 (all checks passed)");
            Output.WriteLine();
            return;
        }

        Output.WriteLine("| 检查项 Check | 严重度 | 扣分 | 原因与证据 Reason and evidence | 建议 Suggestion |");
        Output.WriteLine("|---|---|---|---|---|");
        foreach (var check in failed)
        {
            var parts = new List<string>();
            if (check.Reason is not null)
            {
                parts.Add(Escape(check.Reason));
            }

            if (check.Trigger is { } trigger)
            {
                parts.Add($"因客户第{HumanTurn(trigger.Turn)}轮「{Escape(Clip(trigger.Text))}」而适用");
            }

            parts.AddRange(check.Evidence.Take(4).Select(e =>
                $"第{HumanTurn(e.Turn)}轮「{Escape(Clip(e.Text))}」" + (e.Note is null ? "" : $" ({Escape(e.Note)})")));
            if (check.Evidence.Count > 4)
            {
                parts.Add($"… +{check.Evidence.Count - 4}");
            }

            var evidence = string.Join("<br>", parts);
            var name = $"{Escape(check.Name)} `{check.Id}`" + (check.Fatal ? " **致命**" : "");
            Output.WriteLine($"| {name} | {SeverityLabel(check.Severity)} | −{Number(check.MaxPoints)} | {evidence} | {Escape(check.Suggestion ?? "")} |");
        }

        Output.WriteLine();
    }

    public override void Finish(QualitySummary summary, IReadOnlyList<string> rejected)
    {
        Output.WriteLine("# 汇总 · Summary");
        Output.WriteLine();
        Output.WriteLine($"- 会话 Conversations: **{summary.Conversations}**");
        Output.WriteLine($"- 平均分 Average score: **{Number(summary.AverageScore)}**");
        Output.WriteLine($"- 致命项 Fatal: **{summary.FatalCount}**");
        Output.WriteLine($"- 未导入 Rejected: **{rejected.Count}**");
        Output.WriteLine();
        Output.WriteLine("## 等级分布 · Grades");
        Output.WriteLine();
        Output.WriteLine("| 等级 | 名称 | 会话数 | 占比 |");
        Output.WriteLine("|---|---|---:|---:|");
        foreach (var (band, count) in summary.GradeDistribution)
        {
            Output.WriteLine($"| {band.Id} | {band.Name} | {count} | {Percent(summary.Conversations == 0 ? 0 : (double)count / summary.Conversations)} |");
        }

        Output.WriteLine();
        Output.WriteLine("## 各检查项通过率 · Pass rate per check");
        Output.WriteLine();
        Output.WriteLine("| 检查项 | id | 通过率 | 通过 | 未通过 | 不适用 |");
        Output.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var check in summary.Checks)
        {
            Output.WriteLine($"| {Escape(check.Name)} | `{check.Id}` | {Percent(check.PassRate)} | {check.Passed} | {check.Failed} | {check.NotApplicable} |");
        }

        var worst = summary.WorstChecks(5);
        if (worst.Count > 0)
        {
            Output.WriteLine();
            Output.WriteLine("## 最薄弱的检查项 · Worst checks");
            Output.WriteLine();
            foreach (var check in worst)
            {
                Output.WriteLine($"1. **{Escape(check.Name)}** (`{check.Id}`) — 通过率 {Percent(check.PassRate)}，未通过 {check.Failed} 次");
            }
        }

        var agents = summary.Agents;
        if (agents.Count > 1)
        {
            Output.WriteLine();
            Output.WriteLine("## 客服平均分 · Agents (lowest first)");
            Output.WriteLine();
            Output.WriteLine("| 客服 | 会话 | 平均分 | 致命项 |");
            Output.WriteLine("|---|---:|---:|---:|");
            foreach (var agent in agents)
            {
                Output.WriteLine($"| {Escape(agent.Key)} | {agent.Conversations} | {Number(agent.AverageScore)} | {agent.Fatal} |");
            }
        }

        if (rejected.Count > 0)
        {
            Output.WriteLine();
            Output.WriteLine("## 未导入的记录 · Rejected records");
            Output.WriteLine();
            foreach (var line in rejected.Take(100))
            {
                Output.WriteLine($"- {Escape(line)}");
            }
        }
    }

    private static string Clip(string text) => text.Length <= 50 ? text : string.Concat(text.AsSpan(0, 47), "…");

    /// <summary>Escapes what would break a Markdown table cell or start unintended formatting.</summary>
    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("*", "\\*", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal)
            .Replace("`", "\\`", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace("\r", "", StringComparison.Ordinal)
            .Replace("\n", " ", StringComparison.Ordinal);
}
