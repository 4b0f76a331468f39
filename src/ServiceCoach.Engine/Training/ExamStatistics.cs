namespace ServiceCoach.Training;

/// <summary>One graded question of one attempt: its credit and what it was worth.</summary>
public sealed record ItemResponse(long AttemptId, long QuestionId, double Fraction, double Mark);

/// <summary>
/// How a question performed over the attempts that had it.
/// </summary>
/// <param name="Facility">Mean credit, 0–1: near 1 the question is easy for everyone, near 0 nobody gets it.</param>
/// <param name="Discrimination">
/// Correlation (−1…1) between the credit on this question and the rest of the attempt's score:
/// good questions are answered better by learners who do better overall (≥ 0.3 is good; below 0.1
/// or negative the question may be wrong, ambiguous or keyed wrongly). Null with fewer than three
/// attempts or when the credits do not vary.
/// </param>
public sealed record ItemStatistic(long QuestionId, int Attempts, double Facility, double? Discrimination);

public static class ExamStatistics
{
    /// <summary>Facility and discrimination (corrected item–total correlation) per question.</summary>
    public static IReadOnlyList<ItemStatistic> Items(IEnumerable<ItemResponse> responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        var all = responses.ToList();
        var totals = all.GroupBy(r => r.AttemptId).ToDictionary(
            g => g.Key,
            g => (Earned: g.Sum(r => r.Fraction * r.Mark), Possible: g.Sum(r => r.Mark)));
        var result = new List<ItemStatistic>();
        foreach (var item in all.GroupBy(r => r.QuestionId).OrderBy(g => g.Key))
        {
            var xs = new List<double>();
            var ys = new List<double>();
            foreach (var response in item)
            {
                var (earned, possible) = totals[response.AttemptId];
                var restPossible = possible - response.Mark;
                xs.Add(response.Fraction);
                ys.Add(restPossible > 0 ? (earned - (response.Fraction * response.Mark)) / restPossible : 0);
            }

            result.Add(new ItemStatistic(item.Key, xs.Count, xs.Average(), xs.Count >= 3 ? Correlation(xs, ys) : null));
        }

        return result;
    }

    private static double? Correlation(List<double> xs, List<double> ys)
    {
        var mx = xs.Average();
        var my = ys.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < xs.Count; i++)
        {
            sxy += (xs[i] - mx) * (ys[i] - my);
            sxx += (xs[i] - mx) * (xs[i] - mx);
            syy += (ys[i] - my) * (ys[i] - my);
        }

        return sxx <= 1e-12 || syy <= 1e-12 ? null : sxy / Math.Sqrt(sxx * syy);
    }
}

/// <summary>
/// The programme grade of R-TRN-4: theory (exams) and practical (practice scenarios or a mentor's
/// rubric) combined with the programme's weights (40 / 60 by default), all in percent.
/// </summary>
/// <param name="Theory">Theory percent, null while no exam is graded.</param>
/// <param name="Practical">Practical percent, null while no practical result exists.</param>
/// <param name="TheoryWeight">Share of theory, 0–1 (0.4 by default); practical gets the rest.</param>
/// <param name="Total">The weighted grade; null until both parts exist.</param>
/// <param name="PassMark">Percent needed to pass.</param>
public sealed record CompositeGrade(double? Theory, double? Practical, double TheoryWeight, double? Total, double PassMark)
{
    public double PracticalWeight => 1 - TheoryWeight;

    public bool? Passed => Total is { } total ? total >= PassMark - 1e-9 : null;

    public static CompositeGrade Compute(double? theory, double? practical, double theoryWeight, double passMark)
    {
        if (theoryWeight is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(theoryWeight), theoryWeight, "The theory weight is a share between 0 and 1.");
        }

        double? total = theory is { } t && practical is { } p ? Math.Round((t * theoryWeight) + (p * (1 - theoryWeight)), 2) : null;
        return new CompositeGrade(theory, practical, theoryWeight, total, passMark);
    }
}

/// <summary>How a learner did on the questions of one tag (a requirement, a check, a topic).</summary>
public sealed record TagPerformance(string Tag, int Questions, double MeanFraction);

public static class WeakAreas
{
    /// <summary>Credit per tag over graded questions (difficulty tags left out), weakest first.</summary>
    public static IReadOnlyList<TagPerformance> ByTag(IEnumerable<(IReadOnlyList<string> Tags, double Fraction)> graded)
    {
        ArgumentNullException.ThrowIfNull(graded);
        return [.. graded
            .SelectMany(g => QuestionTags.Taught(g.Tags).Select(tag => (Tag: tag, g.Fraction)))
            .GroupBy(x => x.Tag, StringComparer.Ordinal)
            .Select(g => new TagPerformance(g.Key, g.Count(), g.Average(x => x.Fraction)))
            .OrderBy(p => p.MeanFraction)
            .ThenBy(p => p.Tag, StringComparer.Ordinal)];
    }

    /// <summary>The tags where the learner's mean credit is below <paramref name="threshold"/> (0.6 = 60 %).</summary>
    public static IReadOnlyList<TagPerformance> Weak(IEnumerable<TagPerformance> performance, double threshold = 0.6) =>
        [.. performance.Where(p => p.MeanFraction < threshold)];
}
