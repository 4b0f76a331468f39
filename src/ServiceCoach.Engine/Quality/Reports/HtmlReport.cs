using System.Globalization;
using System.Net;
using System.Text;
using ServiceCoach.Conversations;
using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Reports;

/// <summary>
/// One self-contained HTML page (no scripts, no external files) a supervisor can open or mail:
/// the summary with charts, then each transcript with evidence highlighted and failed checks
/// listed. Transcripts are streamed as they are scored; the summary is written last in the
/// document but shown first (CSS order), so the report never holds all conversations in memory.
/// Charts are inline SVG drawn here: two bar charts do not justify a charting dependency.
/// </summary>
internal sealed class HtmlReport(TextWriter output, CompiledStandard standard) : QualityReport(output, standard)
{
    private const string Style = """
        :root{--fail:#c62828;--fail-bg:#ffebee;--pass:#2e7d32;--pass-bg:#e8f5e9;--muted:#666;--line:#ddd}
        body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
        main{display:flex;flex-direction:column;max-width:1100px;margin:0 auto;padding:16px}
        #summary{order:-1}
        h1{font-size:1.5em;margin:.4em 0}
        section.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:8px 0}
        .meta{color:var(--muted);font-size:.9em}
        .score{font-size:1.3em;font-weight:700}
        .grade-A{color:#2e7d32}.grade-B{color:#558b2f}.grade-C{color:#ef6c00}.grade-D{color:#c62828}
        .fatal{background:var(--fail);color:#fff;border-radius:4px;padding:0 6px;margin-left:6px;font-size:.85em}
        table{border-collapse:collapse;width:100%;font-size:.92em}
        th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        .turn{display:flex;gap:8px;padding:3px 0}
        .who{flex:0 0 4.5em;color:var(--muted);font-size:.9em}
        .who.agent{color:#1565c0}
        .time{flex:0 0 4em;color:#999;font-size:.8em;font-variant-numeric:tabular-nums}
        mark.fail{background:var(--fail-bg);border-bottom:2px solid var(--fail);color:inherit}
        mark.pass{background:var(--pass-bg);border-bottom:2px solid var(--pass);color:inherit}
        ul.failed{margin:.4em 0;padding-left:1.2em}
        ul.failed li{margin:.2em 0}
        .suggest{color:var(--pass)}
        details summary{cursor:pointer}
        svg text{font-size:12px;font-family:inherit}
        """;

    public override void Begin()
    {
        Output.WriteLine("<!DOCTYPE html>");
        Output.WriteLine("<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">");
        Output.WriteLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        Output.WriteLine($"<title>质检报告 Quality report — {Encode(Standard.Name)}</title>");
        Output.WriteLine($"<style>{Style}</style></head><body><main>");
    }

    public override void WriteConversation(Conversation conversation, Scorecard scorecard)
    {
        var failed = scorecard.Checks.Where(c => c.Outcome == CheckOutcome.Fail && !c.Bonus).ToList();
        var id = "c-" + Encode(conversation.Id);
        Output.Write($"<section class=\"card\" id=\"{id}\"><details{(failed.Count > 0 ? " open" : "")}><summary>");
        Output.Write($"<strong>{Encode(conversation.Id)}</strong> · <span class=\"score grade-{Encode(scorecard.Grade)}\">{Number(scorecard.Score)} 分 {Encode(scorecard.Grade)} {Encode(scorecard.GradeName)}</span>");
        if (scorecard.Fatal)
        {
            Output.Write("<span class=\"fatal\">致命项 fatal</span>");
        }

        Output.Write($" <span class=\"meta\">{Encode(Describe(conversation))} · 未通过 {failed.Count} 项</span></summary>");

        if (failed.Count > 0)
        {
            Output.Write("<ul class=\"failed\">");
            foreach (var check in failed)
            {
                Output.Write($"<li><strong>{Encode(check.Name)}</strong> <code>{Encode(check.Id)}</code> ({SeverityLabel(check.Severity)}, −{Number(check.MaxPoints)})");
                if (check.Reason is not null)
                {
                    Output.Write($" — {Encode(check.Reason)}");
                }

                if (check.Trigger is { } trigger)
                {
                    Output.Write($"<br><span class=\"trigger\">因客户第 {trigger.Turn + 1} 轮「{Encode(trigger.Text)}」而适用</span>");
                }

                if (check.Suggestion is not null)
                {
                    Output.Write($"<br><span class=\"suggest\">建议：{Encode(check.Suggestion)}</span>");
                }

                Output.Write("</li>");
            }

            Output.Write("</ul>");
        }

        WriteTranscript(conversation, scorecard);
        Output.WriteLine("</details></section>");
    }

    private void WriteTranscript(Conversation conversation, Scorecard scorecard)
    {
        var evidence = EvidenceSegments.ByTurn(scorecard);
        Output.Write("<div class=\"transcript\">");
        for (var t = 0; t < conversation.Turns.Count; t++)
        {
            var turn = conversation.Turns[t];
            var who = turn.Speaker == Speaker.Agent ? "agent" : turn.Speaker == Speaker.Customer ? "customer" : "system";
            var time = turn.StartMs is { } ms ? TimeSpan.FromMilliseconds(ms).ToString(@"m\:ss", CultureInfo.InvariantCulture) : "";
            Output.Write($"<div class=\"turn\"><span class=\"time\">{time}</span><span class=\"who {who}\">{SpeakerLabel(turn.Speaker)}</span><span class=\"text\">");
            foreach (var segment in EvidenceSegments.Split(turn.Text, evidence[t]))
            {
                Output.Write(segment.Highlighted
                    ? $"<mark class=\"{(segment.Failing ? "fail" : "pass")}\" title=\"{Encode(segment.Title)}\">{Encode(segment.Text)}</mark>"
                    : Encode(segment.Text));
            }

            Output.Write("</span></div>");
        }

        Output.Write("</div>");
    }

    public override void Finish(QualitySummary summary, IReadOnlyList<string> rejected)
    {
        Output.WriteLine("<section id=\"summary\">");
        Output.WriteLine("<h1>质检报告 · Quality inspection report</h1>");
        Output.WriteLine($"<p class=\"meta\">标准 Standard: {Encode(Standard.Name)} ({Encode(Standard.Id)} {Encode(Standard.Version)})</p>");
        Output.WriteLine("<section class=\"card\"><table><tr>");
        Output.WriteLine($"<td>会话 Conversations<br><span class=\"score\">{summary.Conversations}</span></td>");
        Output.WriteLine($"<td>平均分 Average<br><span class=\"score\">{Number(summary.AverageScore)}</span></td>");
        Output.WriteLine($"<td>致命项 Fatal<br><span class=\"score\">{summary.FatalCount}</span></td>");
        Output.WriteLine($"<td>未导入 Rejected<br><span class=\"score\">{rejected.Count}</span></td>");
        Output.WriteLine("</tr></table></section>");

        Output.WriteLine("<section class=\"card\"><h2>等级分布 · Grades</h2>");
        Output.WriteLine(GradeChart(summary));
        Output.WriteLine("</section>");

        Output.WriteLine("<section class=\"card\"><h2>各检查项通过率 · Pass rate per check</h2>");
        Output.WriteLine(PassRateChart(summary));
        Output.WriteLine("<table><tr><th>检查项 Check</th><th>id</th><th>通过率</th><th>通过</th><th>未通过</th><th>不适用</th></tr>");
        foreach (var check in summary.Checks)
        {
            Output.WriteLine($"<tr><td>{Encode(check.Name)}</td><td><code>{Encode(check.Id)}</code></td><td class=\"num\">{Percent(check.PassRate)}</td><td class=\"num\">{check.Passed}</td><td class=\"num\">{check.Failed}</td><td class=\"num\">{check.NotApplicable}</td></tr>");
        }

        Output.WriteLine("</table></section>");

        var agents = summary.Agents;
        if (agents.Count > 1)
        {
            Output.WriteLine("<section class=\"card\"><h2>客服平均分 · Agents (lowest first)</h2><table><tr><th>客服</th><th>会话</th><th>平均分</th><th>致命项</th></tr>");
            foreach (var agent in agents)
            {
                Output.WriteLine($"<tr><td>{Encode(agent.Key)}</td><td class=\"num\">{agent.Conversations}</td><td class=\"num\">{Number(agent.AverageScore)}</td><td class=\"num\">{agent.Fatal}</td></tr>");
            }

            Output.WriteLine("</table></section>");
        }

        if (rejected.Count > 0)
        {
            Output.WriteLine("<section class=\"card\"><h2>未导入的记录 · Rejected records</h2><ul>");
            foreach (var line in rejected.Take(200))
            {
                Output.WriteLine($"<li>{Encode(line)}</li>");
            }

            Output.WriteLine("</ul></section>");
        }

        Output.WriteLine("<h2>会话明细 · Conversations</h2>");
        Output.WriteLine("</section>");
        Output.WriteLine("</main></body></html>");
    }

    private static string GradeChart(QualitySummary summary)
    {
        var grades = summary.GradeDistribution;
        var max = Math.Max(1, grades.Max(g => g.Count));
        const int BarWidth = 70, Gap = 30, Height = 160;
        var width = grades.Count * (BarWidth + Gap) + Gap;
        var svg = new StringBuilder($"<svg role=\"img\" aria-label=\"等级分布 grade distribution\" width=\"{width}\" height=\"{Height + 40}\" viewBox=\"0 0 {width} {Height + 40}\">");
        var colors = new[] { "#2e7d32", "#558b2f", "#ef6c00", "#c62828", "#6d4c41", "#455a64" };
        for (var i = 0; i < grades.Count; i++)
        {
            var (band, count) = grades[i];
            var h = (int)Math.Round((double)count / max * Height);
            var x = Gap + i * (BarWidth + Gap);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{Height - h + 10}\" width=\"{BarWidth}\" height=\"{h}\" fill=\"{colors[Math.Min(i, colors.Length - 1)]}\"><title>{Encode(band.Name)}: {count}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + BarWidth / 2}\" y=\"{Height - h + 5}\" text-anchor=\"middle\">{count}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + BarWidth / 2}\" y=\"{Height + 28}\" text-anchor=\"middle\">{Encode(band.Id)} {Encode(band.Name)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static string PassRateChart(QualitySummary summary)
    {
        var checks = summary.Checks.Where(c => c.PassRate is not null).ToList();
        const int Label = 190, BarMax = 420, Row = 20;
        var height = checks.Count * Row + 10;
        var svg = new StringBuilder($"<svg role=\"img\" aria-label=\"通过率 pass rate per check\" width=\"{Label + BarMax + 60}\" height=\"{height}\" viewBox=\"0 0 {Label + BarMax + 60} {height}\">");
        for (var i = 0; i < checks.Count; i++)
        {
            var check = checks[i];
            var rate = check.PassRate!.Value;
            var y = 5 + i * Row;
            var color = rate >= 0.9 ? "#2e7d32" : rate >= 0.7 ? "#ef6c00" : "#c62828";
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Label - 6}\" y=\"{y + 13}\" text-anchor=\"end\">{Encode(check.Name)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Label}\" y=\"{y + 2}\" width=\"{BarMax}\" height=\"{Row - 6}\" fill=\"#eee\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Label}\" y=\"{y + 2}\" width=\"{(int)Math.Round(rate * BarMax)}\" height=\"{Row - 6}\" fill=\"{color}\"><title>{Encode(check.Id)}: {Percent(rate)}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Label + BarMax + 6}\" y=\"{y + 13}\">{Percent(rate)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
