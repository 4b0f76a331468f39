using ServiceCoach.Conversations;
using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Reports;

/// <summary>A plain-text report for the terminal: failed checks with quoted evidence, then the summary.</summary>
internal sealed class TextReport(TextWriter output, CompiledStandard standard) : QualityReport(output, standard)
{
    public override void Begin()
    {
        Output.WriteLine("质检报告 Quality inspection report");
        Output.WriteLine($"标准 Standard: {Standard.Name} ({Standard.Id} {Standard.Version})");
        Output.WriteLine();
    }

    public override void WriteConversation(Conversation conversation, Scorecard scorecard)
    {
        var fatal = scorecard.Fatal ? "  ⚠ 致命项 FATAL" : "";
        Output.WriteLine($"■ {conversation.Id}  {Number(scorecard.Score)} 分  {scorecard.Grade} {scorecard.GradeName}{fatal}   {Describe(conversation)}");
        var failed = scorecard.Checks.Where(c => c.Outcome == CheckOutcome.Fail && !c.Bonus).ToList();
        if (failed.Count == 0)
        {
            Output.WriteLine("  ✓ 全部通过 all checks passed");
        }

        foreach (var check in failed)
        {
            Output.WriteLine($"  ✗ {check.Name} [{check.Id}] ({SeverityLabel(check.Severity)}, −{Number(check.MaxPoints)}){(check.Fatal ? " 致命项" : "")}");
            if (check.Trigger is { } trigger)
            {
                Output.WriteLine($"      因客户第 {HumanTurn(trigger.Turn)} 轮「{Clip(trigger.Text)}」而适用 (applies because of the customer's turn {HumanTurn(trigger.Turn)})");
            }

            foreach (var evidence in check.Evidence.Take(5))
            {
                var note = evidence.Note is null ? "" : $"  ({evidence.Note})";
                var rewrite = evidence.Suggestion is null ? "" : $" → 建议「{evidence.Suggestion}」";
                Output.WriteLine($"      第 {HumanTurn(evidence.Turn)} 轮 {SpeakerLabel(conversation.Turns[evidence.Turn].Speaker)}: 「{Clip(evidence.Text)}」{rewrite}{note}");
            }

            if (check.Evidence.Count > 5)
            {
                Output.WriteLine($"      … 另有 {check.Evidence.Count - 5} 处 ({check.Evidence.Count - 5} more)");
            }

            if (check.Reason is not null)
            {
                Output.WriteLine($"      原因: {check.Reason}");
            }

            if (check.Suggestion is not null && check.Evidence.All(e => e.Suggestion is null))
            {
                Output.WriteLine($"      建议: {check.Suggestion}");
            }
        }

        Output.WriteLine();
    }

    public override void Finish(QualitySummary summary, IReadOnlyList<string> rejected)
    {
        Output.WriteLine("════════════════════════════════════════════════════════════");
        Output.WriteLine("汇总 Summary");
        Output.WriteLine($"  会话 Conversations: {summary.Conversations}   平均分 Average: {Number(summary.AverageScore)}   致命项 Fatal: {summary.FatalCount}   拒绝 Rejected: {rejected.Count}");
        Output.WriteLine();
        Output.WriteLine("  等级分布 Grades");
        foreach (var (band, count) in summary.GradeDistribution)
        {
            var share = summary.Conversations == 0 ? 0 : (double)count / summary.Conversations;
            Output.WriteLine($"    {band.Id} {band.Name,-4} {count,6}  {Percent(share),6}  {new string('█', (int)Math.Round(share * 40))}");
        }

        Output.WriteLine();
        Output.WriteLine("  各检查项通过率 Pass rate per check (passed / applicable, na = not applicable)");
        foreach (var check in summary.Checks)
        {
            Output.WriteLine($"    {check.Id,-22} {Percent(check.PassRate),7}  {check.Passed,5}/{check.Applicable,-5} na {check.NotApplicable,-5} {check.Name}");
        }

        var worst = summary.WorstChecks(5);
        if (worst.Count > 0)
        {
            Output.WriteLine();
            Output.WriteLine("  最薄弱的检查项 Worst checks");
            foreach (var check in worst)
            {
                Output.WriteLine($"    {check.Name} [{check.Id}]  通过率 {Percent(check.PassRate)}，未通过 {check.Failed} 次");
            }
        }

        var agents = summary.Agents;
        if (agents.Count > 1)
        {
            Output.WriteLine();
            Output.WriteLine("  客服平均分（低→高） Agents by average score");
            foreach (var agent in agents.Take(10))
            {
                Output.WriteLine($"    {agent.Key,-12} {Number(agent.AverageScore),6}  会话 {agent.Conversations}  致命项 {agent.Fatal}");
            }
        }

        if (rejected.Count > 0)
        {
            Output.WriteLine();
            Output.WriteLine("  未导入的记录 Rejected records");
            foreach (var line in rejected.Take(50))
            {
                Output.WriteLine($"    {line}");
            }

            if (rejected.Count > 50)
            {
                Output.WriteLine($"    … 另有 {rejected.Count - 50} 条 ({rejected.Count - 50} more)");
            }
        }
    }

    private static string Clip(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "…");
}
