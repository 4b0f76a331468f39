namespace ServiceCoach.Complaints;

/// <summary>What the level rules look at.</summary>
/// <param name="Text">The description (and any other text to search for keywords, such as the customer's words).</param>
/// <param name="AffectedCustomers">Distinct customers complaining about the same problem (1 for a lone complaint).</param>
public sealed record ComplaintFacts(string? CategoryId, string Text, string? TierId, string? Channel, int AffectedCustomers);

/// <summary>Why a complaint has its level: a rule that fired (or the customer count), with what it matched.</summary>
public sealed record LevelReason(string RuleId, string Description, string LevelId);

/// <param name="Level">The highest level any reason asks for, or the lowest level when none fires.</param>
public sealed record LevelDecision(ComplaintLevelDefinition Level, IReadOnlyList<LevelReason> Reasons);

/// <summary>
/// Computes a complaint's level from the standard's rules (R-CMP-1): every rule whose conditions
/// all hold asks for its level, so does the distinct-customer count; the highest wins. A manual
/// override is the application's business and is audited there.
/// </summary>
public static class ComplaintLeveling
{
    public static LevelDecision Compute(ComplaintStandard standard, ComplaintFacts facts)
    {
        ArgumentNullException.ThrowIfNull(standard);
        ArgumentNullException.ThrowIfNull(facts);
        var text = ComplaintStandard.Fold(facts.Text ?? "");
        var reasons = new List<LevelReason>();
        foreach (var rule in standard.Rules)
        {
            if (Matches(rule, facts, text, out var matched))
            {
                reasons.Add(new LevelReason(rule.Id, rule.Description is { } d ? $"{d}（{matched}）" : matched, rule.LevelId));
            }
        }

        if (standard.Escalation.Reached(facts.AffectedCustomers) is { } threshold)
        {
            reasons.Add(new LevelReason("customers", $"同一问题 {facts.AffectedCustomers} 位客户投诉（{threshold.Written}）", threshold.LevelId));
        }

        var level = standard.Lowest;
        foreach (var reason in reasons)
        {
            if (standard.Level(reason.LevelId) is { } asked && asked.Rank > level.Rank)
            {
                level = asked;
            }
        }

        return new LevelDecision(level, reasons);
    }

    private static bool Matches(LevelRule rule, ComplaintFacts facts, string foldedText, out string matched)
    {
        var parts = new List<string>();
        matched = "";
        if (rule.Keywords.Count > 0)
        {
            var keyword = rule.Keywords.FirstOrDefault(k => foldedText.Contains(ComplaintStandard.Fold(k), StringComparison.Ordinal));
            if (keyword is null)
            {
                return false;
            }

            parts.Add($"提到「{keyword}」");
        }

        if (rule.Categories.Count > 0)
        {
            if (facts.CategoryId is null || !rule.Categories.Contains(facts.CategoryId, StringComparer.OrdinalIgnoreCase))
            {
                return false;
            }

            parts.Add($"类别 {facts.CategoryId}");
        }

        if (rule.Tiers.Count > 0)
        {
            if (facts.TierId is null || !rule.Tiers.Contains(facts.TierId, StringComparer.OrdinalIgnoreCase))
            {
                return false;
            }

            parts.Add($"客户层级 {facts.TierId}");
        }

        if (rule.Channels.Count > 0)
        {
            if (facts.Channel is null || !rule.Channels.Contains(facts.Channel, StringComparer.OrdinalIgnoreCase))
            {
                return false;
            }

            parts.Add($"渠道 {facts.Channel}");
        }

        if (rule.MinCustomers is { } min)
        {
            if (facts.AffectedCustomers < min)
            {
                return false;
            }

            parts.Add($"{facts.AffectedCustomers} 位客户");
        }

        matched = string.Join("，", parts);
        return true;
    }
}
