using System.Globalization;
using ServiceCoach.Standards;

namespace ServiceCoach.Complaints;

/// <param name="Characters">Letters and digits in the section (punctuation and spaces do not count).</param>
/// <param name="HasExpectedPhrase">Whether the section says something from its lexicons (an apology section that apologises); null when the section names no lexicon or no standard was given.</param>
public sealed record TemplateSectionResult(
    string Id,
    string Name,
    int Characters,
    decimal ActualPercent,
    decimal TargetPercent,
    bool InBalance,
    bool? HasExpectedPhrase);

/// <param name="Messages">What is out of balance, in plain Chinese, one line each; empty when balanced.</param>
public sealed record TemplateCheck(IReadOnlyList<TemplateSectionResult> Sections, int TotalCharacters, bool Balanced, IReadOnlyList<string> Messages);

/// <summary>
/// Checks a crisis communication template against the standard's proportions (R-CMP-4: apology
/// 30 %, solution 50 %, commitment 20 %): each section's share of the letters and digits of the
/// whole must be within the tolerance (percentage points) of its target, and a section that
/// names lexicons must say at least one of their phrases.
/// </summary>
public static class CrisisTemplateChecker
{
    /// <param name="sectionTexts">Section id → its text; a missing section counts as empty.</param>
    public static TemplateCheck Check(CrisisTemplateStandard template, IReadOnlyDictionary<string, string> sectionTexts, CompiledStandard? standard = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(sectionTexts);
        var counts = template.Sections.Select(s => Count(sectionTexts.GetValueOrDefault(s.Id) ?? "")).ToArray();
        var total = counts.Sum();
        var results = new List<TemplateSectionResult>();
        var messages = new List<string>();
        if (total == 0)
        {
            messages.Add("模板是空的：请分别写出各部分。");
        }

        for (var i = 0; i < template.Sections.Count; i++)
        {
            var section = template.Sections[i];
            var actual = total == 0 ? 0 : Math.Round(100m * counts[i] / total, 1, MidpointRounding.AwayFromZero);
            var inBalance = total > 0 && Math.Abs(actual - section.TargetPercent) <= template.TolerancePercent;
            bool? hasPhrase = null;
            if (standard is not null && section.Lexicons.Count > 0)
            {
                var analysis = standard.AnalyzeUtterance(sectionTexts.GetValueOrDefault(section.Id) ?? "");
                hasPhrase = section.Lexicons.Any(analysis.Hits);
            }

            results.Add(new TemplateSectionResult(section.Id, section.Name, counts[i], actual, section.TargetPercent, inBalance, hasPhrase));
            if (total > 0 && !inBalance)
            {
                var direction = actual > section.TargetPercent ? "偏多，请精简" : "偏少，请补充";
                messages.Add(string.Create(CultureInfo.InvariantCulture,
                    $"「{section.Name}」占 {actual:0.#}%，目标 {section.TargetPercent:0.#}%（允许 ±{template.TolerancePercent:0.#}）：{direction}。"));
            }

            if (hasPhrase == false && counts[i] > 0)
            {
                messages.Add($"「{section.Name}」部分没有出现相应的表达（{string.Join("、", section.Lexicons)}），请检查措辞。");
            }
        }

        return new TemplateCheck(results, total, messages.Count == 0, messages);
    }

    private static int Count(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                count++;
            }
        }

        return count;
    }
}
