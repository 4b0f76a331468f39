namespace ServiceCoach.Quality;

/// <summary>
/// How well raters agree on a set of subjects (a calibration round: reviewers judging the same
/// check on the same conversations).
/// </summary>
/// <param name="Subjects">Subjects that counted: those rated at least twice.</param>
/// <param name="Ratings">Ratings of the counted subjects.</param>
/// <param name="ObservedAgreement">
/// P̄, 0–1: the share of agreeing rater pairs, averaged over subjects (the "percent agreement").
/// </param>
/// <param name="ExpectedAgreement">P̄e, 0–1: the agreement expected by chance from how often each category was used.</param>
/// <param name="Kappa">
/// Fleiss' κ = (P̄ − P̄e) / (1 − P̄e); null when undefined: no subject was rated twice, or every
/// rating fell in one category (chance agreement is then 1, and there is nothing to correct).
/// </param>
public sealed record RaterAgreement(int Subjects, int Ratings, double ObservedAgreement, double ExpectedAgreement, double? Kappa)
{
    /// <summary>
    /// Gwet's AC1 = (P̄ − Pe) / (1 − Pe) with Pe = Σ πk(1 − πk) / (q − 1) over the q categories of
    /// the scale. Unlike κ it does not collapse when one outcome is rare (the "kappa paradox": 95 %
    /// agreement on a check that nearly always passes can give κ below 0). Null when undefined
    /// (no subject rated twice, or a scale of fewer than two categories).
    /// </summary>
    public double? Ac1 { get; init; }

    /// <summary>Share (0–1) of all counted ratings in each category of the scale, in the table's column order.</summary>
    public IReadOnlyList<double> Prevalence { get; init; } = [];
}

/// <summary>Inter-rater agreement statistics (pure arithmetic, no I/O).</summary>
public static class Agreement
{
    /// <summary>
    /// Fleiss' kappa over a subjects × categories table: <c>counts[i][j]</c> is how many raters put
    /// subject i in category j. Fleiss (1971) assumes the same number of raters per subject; this
    /// is the usual generalisation to a varying number (a reviewer who skipped a conversation):
    /// each subject's agreement is over its own rater pairs, and subjects rated fewer than twice are
    /// left out. With equal numbers of raters it is exactly Fleiss' statistic.
    /// </summary>
    public static RaterAgreement Fleiss(IReadOnlyList<IReadOnlyList<int>> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var categories = counts.Count == 0 ? 0 : counts.Max(row => row.Count);
        var totals = new double[categories];
        double observedSum = 0;
        var subjects = 0;
        var ratings = 0;
        foreach (var row in counts)
        {
            var n = 0;
            long squares = 0;
            foreach (var count in row)
            {
                if (count < 0)
                {
                    throw new ArgumentException("A count of raters cannot be negative.", nameof(counts));
                }

                n += count;
                squares += (long)count * count;
            }

            if (n < 2)
            {
                continue;
            }

            subjects++;
            ratings += n;
            observedSum += (squares - n) / ((double)n * (n - 1));
            for (var j = 0; j < row.Count; j++)
            {
                totals[j] += row[j];
            }
        }

        if (subjects == 0)
        {
            return new RaterAgreement(0, 0, 0, 0, null);
        }

        var observed = observedSum / subjects;
        var prevalence = totals.Select(t => t / ratings).ToArray();
        var expected = prevalence.Sum(p => p * p);
        double? kappa = 1 - expected < 1e-12 ? null : (observed - expected) / (1 - expected);
        double? ac1 = null;
        if (categories >= 2)
        {
            var chance = prevalence.Sum(p => p * (1 - p)) / (categories - 1);
            ac1 = 1 - chance < 1e-12 ? null : (observed - chance) / (1 - chance);
        }

        return new RaterAgreement(subjects, ratings, observed, expected, kappa) { Ac1 = ac1, Prevalence = prevalence };
    }

    /// <summary>
    /// Fleiss' kappa from each subject's list of ratings (any category type), e.g. the outcomes
    /// several reviewers gave one check on each conversation. <paramref name="scale"/> names every
    /// category a rater could choose, in order (AC1's chance term and <see cref="RaterAgreement.Prevalence"/>
    /// depend on it); without it, the categories used.
    /// </summary>
    public static RaterAgreement Fleiss<TCategory>(IEnumerable<IEnumerable<TCategory>> ratingsBySubject, IEnumerable<TCategory>? scale = null)
        where TCategory : notnull
    {
        ArgumentNullException.ThrowIfNull(ratingsBySubject);
        var subjects = ratingsBySubject.Select(r => r.ToList()).ToList();
        var categories = (scale ?? []).Concat(subjects.SelectMany(r => r)).Distinct().Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var table = new List<IReadOnlyList<int>>(subjects.Count);
        foreach (var ratings in subjects)
        {
            var row = new int[categories.Count];
            foreach (var rating in ratings)
            {
                row[categories[rating]]++;
            }

            table.Add(row);
        }

        return Fleiss(table);
    }
}
