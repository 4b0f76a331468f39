using System.Globalization;
using PdfSharp.Drawing;
using ServiceCoach.Conversations;
using ServiceCoach.Pdf;

namespace ServiceCoach.Quality;

/// <summary>
/// A conversation's scorecard as a PDF to file or hand over (R-QA: the scorecard a supervisor discusses
/// with the agent): the header, the score and grade, each applicable check with its outcome, reason,
/// evidence and suggestion (a reviewer's override marked as such), then the transcript with turn numbers
/// matching the evidence. Labels are in Chinese with English beside them, as on the certificate.
/// </summary>
public static class ScorecardPdf
{
    /// <summary>Turns printed; the rest of a very long transcript is on the conversation page.</summary>
    public const int MaxTurns = 500;

    private static readonly XColor Blue = XColor.FromArgb(21, 101, 192);
    private static readonly XColor Red = XColor.FromArgb(180, 35, 24);
    private static readonly XColor Green = XColor.FromArgb(26, 127, 55);

    /// <param name="time">The organisation's time zone: every time is printed in it, with the zone named.</param>
    public static byte[] Render(ConversationDetail detail, OrganisationTime time, DateTimeOffset printedAt)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentNullException.ThrowIfNull(time);
        var c = detail.Conversation;
        var printed = printedAt.UtcDateTime;
        using var pdf = new PdfFlow($"质检评分卡 Scorecard · {c.Id}", $"ServiceCoach · {c.Id} · {time.Format(printed)} {time.Label(printed)}");
        pdf.Text("质检评分卡 Quality scorecard", 18, Blue).Gap(2);
        pdf.Text(Join(" · ", c.Id, Channel(c.Channel), c.AgentId is { Length: > 0 } agent ? "客服 agent " + agent : null, c.Team,
            detail.Record.StartTimeUtc is { } start ? $"{time.Format(start)} {time.Label(start)}" : null, c.Category), 10, XColors.DimGray);

        if (detail.Scorecard is not { } card)
        {
            pdf.Gap().Text("尚未评分 Not scored yet.", 12);
            return pdf.ToPdf();
        }

        pdf.Text($"服务标准 Standard {card.StandardId} v{card.StandardVersion}", 9, XColors.DimGray).Gap();
        pdf.Text($"得分 Score {Number(card.Score)} / 100 · 等级 Grade {card.Grade} {card.GradeName}" + (card.Fatal ? " · 致命项 Fatal" : ""), 14, card.Fatal ? Red : XColors.Black);
        if (detail.EngineScorecard is { } engine && engine.Score != card.Score)
        {
            pdf.Text($"复核后得分；系统原判 {Number(engine.Score)} · Score after review; the engine gave {Number(engine.Score)}", 9, XColors.DimGray);
        }

        var dimensions = string.Join("  ", card.Dimensions.Where(d => d.Score is not null).Select(d => $"{d.Name} {Number(d.Score!.Value)}"));
        if (dimensions.Length > 0)
        {
            pdf.Text(dimensions, 10);
        }

        pdf.Gap().Rule().Text("检查项 Checks", 13, Blue);
        var overridden = detail.Overrides.Select(o => o.CheckId).ToHashSet(StringComparer.Ordinal);
        foreach (var check in card.Checks.Where(k => k.Outcome != CheckOutcome.Na && !(k.Bonus && k.Outcome != CheckOutcome.Pass))
                     .OrderBy(k => k.Outcome == CheckOutcome.Pass).ThenBy(k => k.Dimension, StringComparer.Ordinal))
        {
            var failed = check.Outcome == CheckOutcome.Fail;
            var mark = check.Bonus ? "加分 bonus" : failed ? "未通过 fail" : "通过 pass";
            var points = failed ? $"  −{Number(check.MaxPoints - check.Points)}" : check.Bonus ? $"  +{Number(check.Points)}" : "";
            pdf.Gap(3).Text($"{(failed ? "×" : "√")} {check.Name}  [{mark}]{points}{(overridden.Contains(check.Id) ? "  （复核改判 changed by a reviewer）" : "")}", 10.5, failed ? Red : Green);
            if (failed && check.Reason is { Length: > 0 } reason)
            {
                pdf.Text(reason, 9, XColors.Black, indent: 14);
            }

            foreach (var evidence in check.Evidence.Take(5))
            {
                pdf.Text($"第 {evidence.Turn + 1} 轮 turn {evidence.Turn + 1}：「{Quote(evidence.Text)}」" + (evidence.Note is { Length: > 0 } note ? " " + note : ""), 9, XColors.DimGray, indent: 14);
            }

            if (failed && check.Suggestion is { Length: > 0 } suggestion)
            {
                pdf.Text("建议 Suggestion：" + suggestion, 9, Blue, indent: 14);
            }
        }

        var notApplicable = card.Checks.Where(k => k.Outcome == CheckOutcome.Na && !k.Bonus).Select(k => k.Name).ToList();
        if (notApplicable.Count > 0)
        {
            pdf.Gap().Text("不适用 Not applicable：" + string.Join("、", notApplicable), 8.5, XColors.DimGray);
        }

        pdf.Gap().Rule().Text("对话 Transcript", 13, Blue);
        for (var t = 0; t < Math.Min(c.Turns.Count, MaxTurns); t++)
        {
            var turn = c.Turns[t];
            var who = turn.Speaker == Speaker.Agent ? "客服" : turn.Speaker == Speaker.Customer ? "客户" : "系统";
            var at = turn.StartMs is { } ms ? $" {TimeSpan.FromMilliseconds(ms):hh\\:mm\\:ss}" : "";
            pdf.Text($"{t + 1}. {who}{at}：{turn.Text}", 9.5, turn.Speaker == Speaker.Agent ? Blue : XColors.Black);
        }

        if (c.Turns.Count > MaxTurns)
        {
            pdf.Gap().Text($"…… 另有 {c.Turns.Count - MaxTurns} 轮，见会话页面 · {c.Turns.Count - MaxTurns} more turns on the conversation page.", 9, XColors.DimGray);
        }

        return pdf.ToPdf();
    }

    private static string Number(decimal value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Quote(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private static string Channel(Channel channel) => channel switch
    {
        Conversations.Channel.Phone => "电话 phone",
        Conversations.Channel.Email => "邮件 e-mail",
        _ => "在线 chat",
    };

    private static string Join(string separator, params string?[] parts) => string.Join(separator, parts.Where(p => !string.IsNullOrWhiteSpace(p)));
}
