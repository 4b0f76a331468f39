using System.Globalization;
using PdfSharp.Drawing;
using ServiceCoach.Pdf;

namespace ServiceCoach.Insights;

/// <summary>
/// The quality dashboard as a PDF for a team meeting or a monthly report: the range and scope, the
/// totals, the weekly trend as bars, grades, each check's pass rate (weakest first) and the agents and
/// teams with the lowest mean. The same figures as the page and the CSV/XLSX export.
/// </summary>
public static class DashboardPdf
{
    private static readonly XColor Blue = XColor.FromArgb(21, 101, 192);

    /// <param name="scope">What the figures cover in words (a team, a channel, "all teams").</param>
    /// <param name="time">The organisation's time zone, in which the dashboard's days are counted.</param>
    public static byte[] Render(QualityDashboardResult result, string scope, OrganisationTime time, DateTimeOffset printedAt)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(time);
        var range = $"{result.From:yyyy-MM-dd} – {result.To:yyyy-MM-dd}";
        var printed = printedAt.UtcDateTime;
        using var pdf = new PdfFlow($"质检看板 Quality dashboard · {range}", $"ServiceCoach · {range} · {time.Format(printed)} {time.Label(printed)}");
        pdf.Text("质检看板 Quality dashboard", 18, Blue).Gap(2);
        pdf.Text($"{range} · {scope} · 日期按 days in {time.Label(printed)}", 10, XColors.DimGray).Gap();
        var t = result.Totals;
        pdf.Text($"会话 Conversations {t.Conversations} · 平均分 Mean {Score(t.MeanScore)} · 致命 Fatal {t.Fatal} ({Percent(t.FatalRate)})", 12);

        pdf.Gap().Rule().Text("每周趋势 Weekly trend（平均分 mean score）", 13, Blue);
        foreach (var week in result.Weeks)
        {
            pdf.Bar($"{week.Label} ({week.Monday:MM-dd})", week.Figures.MeanScore ?? 0, 100,
                $"{Score(week.Figures.MeanScore)} · {week.Figures.Conversations} 会话");
        }

        if (result.Grades.Count > 0)
        {
            pdf.Gap().Rule().Text("等级分布 Grades", 13, Blue);
            foreach (var grade in result.Grades)
            {
                pdf.Bar($"{grade.Grade} {grade.Name}", grade.Conversations, Math.Max(1, t.Conversations), $"{grade.Conversations}");
            }
        }

        double[] checkColumns = [0.46, 0.13, 0.13, 0.13, 0.15];
        pdf.Gap().Rule().Text("检查项通过率 Checks（最弱在前 weakest first）", 13, Blue);
        pdf.Row(["检查项 check", "通过 passed", "未通过 failed", "不适用 n/a", "通过率 pass rate"], checkColumns, header: true);
        foreach (var check in result.Checks.OrderBy(c => c.Bonus).ThenBy(c => c.PassRate ?? 2))
        {
            pdf.Row([check.Bonus ? check.Name + "（加分 bonus）" : check.Name, N(check.Passed), check.Bonus ? "—" : N(check.Failed), N(check.NotApplicable), Percent(check.PassRate)], checkColumns);
        }

        double[] peopleColumns = [0.4, 0.2, 0.2, 0.2];
        if (result.WorstAgents.Count > 0)
        {
            pdf.Gap().Rule().Text($"平均分最低的客服 Lowest-scoring agents（至少 {result.MinConversations} 个会话）", 13, Blue);
            pdf.Row(["客服 agent", "会话 conversations", "平均分 mean", "致命 fatal"], peopleColumns, header: true);
            foreach (var agent in result.WorstAgents)
            {
                pdf.Row([agent.TeamName is { Length: > 0 } team ? $"{agent.AgentCode} · {team}" : agent.AgentCode, N(agent.Figures.Conversations), Score(agent.Figures.MeanScore), N(agent.Figures.Fatal)], peopleColumns);
            }
        }

        if (result.WorstTeams.Count > 0)
        {
            pdf.Gap().Rule().Text("平均分最低的团队 Lowest-scoring teams", 13, Blue);
            pdf.Row(["团队 team", "会话 conversations", "平均分 mean", "致命 fatal"], peopleColumns, header: true);
            foreach (var team in result.WorstTeams)
            {
                pdf.Row([team.TeamName, N(team.Figures.Conversations), Score(team.Figures.MeanScore), N(team.Figures.Fatal)], peopleColumns);
            }
        }

        return pdf.ToPdf();
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Score(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "—";

    private static string Percent(double? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";
}
