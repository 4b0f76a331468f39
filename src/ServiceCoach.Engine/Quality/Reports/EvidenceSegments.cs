namespace ServiceCoach.Quality.Reports;

/// <summary>A piece of a turn's text and the evidence spans (with their checks) that cover it.</summary>
public sealed record TextSegment(string Text, IReadOnlyList<(EvidenceSpan Span, CheckResult Check)> Covering)
{
    public bool Highlighted => Covering.Count > 0;

    public bool Failing => Covering.Any(c => c.Check.Outcome == CheckOutcome.Fail);

    /// <summary>One line per covering check: "✗ 禁语 → 我们建议您…".</summary>
    public string Title => string.Join("；", Covering.Select(c =>
        $"{(c.Check.Outcome == CheckOutcome.Fail ? "✗" : "✓")} {c.Check.Name}" +
        (c.Span.Suggestion is null ? "" : $" → {c.Span.Suggestion}") +
        (c.Span.Note is null ? "" : $" ({c.Span.Note})")).Distinct());
}

/// <summary>
/// Cuts a turn's text at every evidence boundary so that overlapping spans become adjacent
/// segments, each knowing which checks cover it (for highlighting in reports and pages).
/// </summary>
public static class EvidenceSegments
{
    /// <summary>Evidence of the scorecard's pass/fail checks (na checks explain nothing in the text), by turn.</summary>
    public static ILookup<int, (EvidenceSpan Span, CheckResult Check)> ByTurn(Scorecard scorecard)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        return scorecard.Checks
            .Where(c => c.Outcome != CheckOutcome.Na)
            .SelectMany(c => c.Evidence.Select(e => (Span: e, Check: c)))
            .ToLookup(x => x.Span.Turn);
    }

    public static IReadOnlyList<TextSegment> Split(string text, IEnumerable<(EvidenceSpan Span, CheckResult Check)> spans)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = spans.ToList();
        if (list.Count == 0)
        {
            return [new TextSegment(text, [])];
        }

        var cuts = new SortedSet<int> { 0, text.Length };
        foreach (var (span, _) in list)
        {
            cuts.Add(Math.Clamp(span.Start, 0, text.Length));
            cuts.Add(Math.Clamp(span.Start + span.Length, 0, text.Length));
        }

        var points = cuts.ToArray();
        var segments = new List<TextSegment>(points.Length);
        for (var i = 0; i + 1 < points.Length; i++)
        {
            var (from, to) = (points[i], points[i + 1]);
            if (from == to)
            {
                continue;
            }

            segments.Add(new TextSegment(text[from..to], [.. list.Where(s => s.Span.Start <= from && s.Span.Start + s.Span.Length >= to)]));
        }

        return segments;
    }
}
