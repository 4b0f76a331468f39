using ServiceCoach.Conversations;

namespace ServiceCoach.Standards;

/// <summary>What one property of a check or limit was and becomes, as written in the files.</summary>
public sealed record ChangedValue(string Property, string? Before, string? After);

/// <summary>A check that is added, removed or changed between two versions (<see cref="Before"/> or <see cref="After"/> null when added or removed).</summary>
public sealed record CheckChange(string Id, CheckDefinition? Before, CheckDefinition? After, IReadOnlyList<ChangedValue> Values);

/// <summary>A channel whose effective response limits change (seconds, as <see cref="TimingStandard.Resolve"/> gives them).</summary>
public sealed record TimingChange(Channel Channel, IReadOnlyList<ChangedValue> Values);

/// <summary>
/// What activating one version instead of another changes for scoring: checks added, removed or
/// changed (points, severity, fatal, bonus, rule, applicability) and response limits per channel.
/// Lexicons and conditions are not compared one by one: their effect shows in the what-if re-scoring.
/// </summary>
public sealed record StandardChanges(IReadOnlyList<CheckChange> Checks, IReadOnlyList<TimingChange> Timing, IReadOnlyList<ChangedValue> Dimensions)
{
    public bool IsEmpty => Checks.Count == 0 && Timing.Count == 0 && Dimensions.Count == 0;

    public static StandardChanges Between(ServiceStandard before, ServiceStandard after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var checks = new List<CheckChange>();
        var old = before.Scorecard.Checks.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var check in after.Scorecard.Checks)
        {
            if (!old.TryGetValue(check.Id, out var previous))
            {
                checks.Add(new CheckChange(check.Id, null, check, []));
                continue;
            }

            kept.Add(check.Id);
            var values = new List<ChangedValue>();
            Compare(values, "points", previous.Points.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), check.Points.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture));
            Compare(values, "severity", previous.Severity.ToString(), check.Severity.ToString());
            Compare(values, "fatal", previous.Fatal ? "true" : "false", check.Fatal ? "true" : "false");
            Compare(values, "bonus", previous.Bonus ? "true" : "false", check.Bonus ? "true" : "false");
            Compare(values, "dimension", previous.Dimension, check.Dimension);
            Compare(values, previous.Mode == check.Mode ? (check.Mode == CheckMode.PassWhen ? "pass" : "fail") : "rule",
                Rule(previous), Rule(check));
            Compare(values, "applicable", previous.Applicable?.Value, check.Applicable?.Value);
            if (values.Count > 0)
            {
                checks.Add(new CheckChange(check.Id, previous, check, values));
            }
        }

        checks.AddRange(before.Scorecard.Checks.Where(c => !kept.Contains(c.Id)).Select(c => new CheckChange(c.Id, c, null, [])));

        var timing = new List<TimingChange>();
        foreach (var channel in Enum.GetValues<Channel>())
        {
            var (a, b) = (before.Timing.Resolve(channel, null), after.Timing.Resolve(channel, null));
            var values = new List<ChangedValue>();
            Compare(values, "firstResponseSeconds", Seconds(a.FirstResponseSeconds), Seconds(b.FirstResponseSeconds));
            Compare(values, "responseSeconds", Seconds(a.ResponseSeconds), Seconds(b.ResponseSeconds));
            Compare(values, "firstSolutionSeconds", Seconds(a.FirstSolutionSeconds), Seconds(b.FirstSolutionSeconds));
            Compare(values, "silenceSeconds", Seconds(a.SilenceSeconds), Seconds(b.SilenceSeconds));
            if (values.Count > 0)
            {
                timing.Add(new TimingChange(channel, values));
            }
        }

        var dimensions = new List<ChangedValue>();
        var weights = before.Scorecard.Dimensions.ToDictionary(d => d.Id, d => d.Weight, StringComparer.Ordinal);
        foreach (var dimension in after.Scorecard.Dimensions)
        {
            var was = weights.TryGetValue(dimension.Id, out var w) ? Weight(w) : null;
            Compare(dimensions, dimension.Id, was, Weight(dimension.Weight));
            weights.Remove(dimension.Id);
        }

        dimensions.AddRange(weights.Select(d => new ChangedValue(d.Key, Weight(d.Value), null)));
        return new StandardChanges(checks, timing, dimensions);
    }

    private static string Rule(CheckDefinition check) => (check.Mode == CheckMode.PassWhen ? "pass: " : "fail: ") + check.Expression.Value;

    private static string? Seconds(int? seconds) => seconds?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Weight(decimal weight) => weight.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    private static void Compare(List<ChangedValue> values, string property, string? before, string? after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            values.Add(new ChangedValue(property, before, after));
        }
    }
}
