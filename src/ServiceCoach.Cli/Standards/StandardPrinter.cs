using ServiceCoach.Conversations;
using ServiceCoach.Quality.Reports;
using ServiceCoach.Standards;

namespace ServiceCoach.Cli.Standards;

/// <summary>A readable rendering of a standard: what it checks, how it scores, what it listens for.</summary>
internal static class StandardPrinter
{
    public static void Print(CompiledStandard standard, TextWriter output)
    {
        var definition = standard.Definition;
        output.WriteLine($"{definition.Name}  ({definition.Id}, version {definition.Version}, {definition.Locale})");
        if (definition.Description is not null)
        {
            output.WriteLine(definition.Description);
        }

        output.WriteLine();
        output.WriteLine("时限 Timing (seconds)");
        foreach (var channel in Enum.GetValues<Channel>())
        {
            var limits = definition.Timing.Resolve(channel, null);
            output.WriteLine($"  {channel,-6} first response {limits.FirstResponseSeconds}, reply {limits.ResponseSeconds}, first solution {limits.FirstSolutionSeconds}, silence {limits.SilenceSeconds}");
        }

        foreach (var inquiryClass in definition.Timing.Classes)
        {
            output.WriteLine($"  class {inquiryClass.Id} ({inquiryClass.Name}): categories {string.Join("/", inquiryClass.Categories)}");
        }

        if (definition.Timing.SpeechRate is { } rate)
        {
            output.WriteLine($"  speech rate {rate.MinCharsPerMinute}–{rate.MaxCharsPerMinute} characters/minute");
        }

        output.WriteLine();
        output.WriteLine("评分 Scorecard");
        foreach (var dimension in definition.Scorecard.Dimensions)
        {
            output.WriteLine($"  {dimension.Name} [{dimension.Id}] weight {dimension.Weight}");
            foreach (var check in definition.Scorecard.Checks.Where(c => c.Dimension == dimension.Id))
            {
                var flags = string.Concat(check.Fatal ? " 致命项" : "", check.Bonus ? " 加分项" : "");
                var rule = check.Mode == CheckMode.PassWhen ? $"pass when {check.Expression.Value}" : $"fail when {check.Expression.Value}";
                var applicable = check.Applicable is { } a ? $"; applies when {a.Value}" : "";
                output.WriteLine($"    {check.Id,-22} {check.Points,3} pts {ScorecardJson.SeverityName(check.Severity),-8} {check.Name}{flags}");
                output.WriteLine($"    {"",-22} {rule}{applicable}");
            }
        }

        output.WriteLine("  grades: " + string.Join(", ", definition.Scorecard.Grades.Select(g => $"{g.Id} {g.Name} ≥ {g.Min}")));

        output.WriteLine();
        output.WriteLine("条件 Conditions");
        foreach (var condition in definition.Conditions)
        {
            var scope = condition.Role.ToString().ToLowerInvariant();
            if (condition.Turns is { } turns)
            {
                scope += turns.First is { } f ? $", first {f}" : turns.Last is { } l ? $", last {l}" : $", turns {turns.From}..{turns.To}";
            }

            if (condition.Anchor is { } anchor)
            {
                scope += $", {(anchor.After ? "after" : "before")} {anchor.ConditionId.Value}" + (anchor.Within is { } w ? $" within {w}" : "");
            }

            var operators = string.Join("; ", condition.Operators.Select((o, i) => $"{i + 1}: {o.Name} {{{o.ArgumentsText}}}"));
            var expression = condition.Expression is { } e ? $"  [{e.Value}]" : "";
            output.WriteLine($"  {condition.Id} ({scope}): {operators}{expression}");
        }

        output.WriteLine();
        output.WriteLine("流程 Flows");
        foreach (var flow in definition.Flows)
        {
            output.WriteLine($"  {flow.Name} [{flow.Id}]: " + string.Join(" → ", flow.Steps.Select(s => s.Name)));
        }

        output.WriteLine();
        output.WriteLine("词库 Lexicons");
        foreach (var lexicon in definition.Lexicons)
        {
            var sample = string.Join("、", lexicon.Entries.Take(8).Select(e => e.Suggestion is null ? e.Text : $"{e.Text}→{e.Suggestion}"));
            var more = lexicon.Entries.Count > 8 ? $" …(+{lexicon.Entries.Count - 8})" : "";
            output.WriteLine($"  {lexicon.Name} [{lexicon.Id}] {lexicon.Entries.Count}: {sample}{more}");
        }
    }
}
