using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Reports;

/// <summary>Pass/fail/na counts of one check over many conversations.</summary>
public sealed record CheckStatistics(string Id, string Name, string Dimension, bool Bonus, int Passed, int Failed, int NotApplicable)
{
    public int Applicable => Passed + Failed;

    /// <summary>Passed ÷ applicable, or null when the check never applied.</summary>
    public double? PassRate => Applicable == 0 ? null : (double)Passed / Applicable;
}

/// <summary>Score statistics of one agent (or team) over their conversations.</summary>
public sealed record GroupStatistics(string Key, int Conversations, decimal AverageScore, int Fatal);

/// <summary>
/// Aggregates scorecards one at a time (constant memory in the number of conversations) into
/// what a supervisor reads first: average score, grade distribution, pass rate per check and
/// the weakest checks and agents.
/// </summary>
public sealed class QualitySummary
{
    private readonly CompiledStandard _standard;
    private readonly int[] _passed;
    private readonly int[] _failed;
    private readonly int[] _na;
    private readonly Dictionary<string, int> _grades = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Count, decimal Sum, int Fatal)> _agents = new(StringComparer.Ordinal);
    private decimal _scoreSum;

    public QualitySummary(CompiledStandard standard)
    {
        _standard = standard ?? throw new ArgumentNullException(nameof(standard));
        var count = standard.CheckDefinitions.Count;
        _passed = new int[count];
        _failed = new int[count];
        _na = new int[count];
    }

    public int Conversations { get; private set; }

    public int FatalCount { get; private set; }

    public int Rejected { get; set; }

    public decimal AverageScore => Conversations == 0 ? 0m : Math.Round(_scoreSum / Conversations, 1, MidpointRounding.AwayFromZero);

    public string StandardId => _standard.Id;

    public string StandardVersion => _standard.Version;

    public void Add(Scorecard scorecard, string? agentId = null)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        Conversations++;
        _scoreSum += scorecard.Score;
        if (scorecard.Fatal)
        {
            FatalCount++;
        }

        _grades[scorecard.Grade] = _grades.GetValueOrDefault(scorecard.Grade) + 1;
        for (var i = 0; i < scorecard.Checks.Count && i < _passed.Length; i++)
        {
            switch (scorecard.Checks[i].Outcome)
            {
                case CheckOutcome.Pass:
                    _passed[i]++;
                    break;
                case CheckOutcome.Fail:
                    _failed[i]++;
                    break;
                default:
                    _na[i]++;
                    break;
            }
        }

        if (agentId is not null)
        {
            var (count, sum, fatal) = _agents.GetValueOrDefault(agentId);
            _agents[agentId] = (count + 1, sum + scorecard.Score, fatal + (scorecard.Fatal ? 1 : 0));
        }
    }

    /// <summary>Grade bands from best to worst with their counts (zero counts included).</summary>
    public IReadOnlyList<(GradeBand Band, int Count)> GradeDistribution =>
        [.. _standard.Definition.Scorecard.Grades.OrderByDescending(g => g.Min).Select(g => (g, _grades.GetValueOrDefault(g.Id)))];

    /// <summary>Every check in file order.</summary>
    public IReadOnlyList<CheckStatistics> Checks =>
        [.. _standard.CheckDefinitions.Select((c, i) => new CheckStatistics(c.Id, c.Name, c.Dimension, c.Bonus, _passed[i], _failed[i], _na[i]))];

    /// <summary>The checks with the lowest pass rate (that failed at least once; bonus items are not weaknesses).</summary>
    public IReadOnlyList<CheckStatistics> WorstChecks(int count) =>
        [.. Checks.Where(c => c.Failed > 0 && !c.Bonus).OrderBy(c => c.PassRate).ThenByDescending(c => c.Failed).ThenBy(c => c.Id, StringComparer.Ordinal).Take(count)];

    /// <summary>Agents by ascending average score.</summary>
    public IReadOnlyList<GroupStatistics> Agents =>
        [.. _agents.Select(a => new GroupStatistics(a.Key, a.Value.Count, Math.Round(a.Value.Sum / a.Value.Count, 1, MidpointRounding.AwayFromZero), a.Value.Fatal))
            .OrderBy(a => a.AverageScore).ThenBy(a => a.Key, StringComparer.Ordinal)];
}
