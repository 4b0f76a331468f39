namespace ServiceCoach.Training;

/// <summary>One line of an exam paper: a fixed question, or a random draw of <see cref="Count"/> questions.</summary>
/// <param name="QuestionId">A fixed question; null for a draw.</param>
/// <param name="Category">Draw only from this category and the categories under it ("投诉处理" includes "投诉处理/分级与分析").</param>
/// <param name="Tag">Draw only questions with this tag (a requirement id, a check id, a topic).</param>
/// <param name="Difficulty">Draw only questions of this difficulty (1–3).</param>
/// <param name="Count">How many to draw (1 for a fixed question).</param>
/// <param name="Mark">Marks each question is worth.</param>
public sealed record ExamRule(long? QuestionId, string? Category, string? Tag, int? Difficulty, int Count, double Mark)
{
    public bool IsDraw => QuestionId is null;

    public static ExamRule Fixed(long questionId, double mark = 1) => new(questionId, null, null, null, 1, mark);

    public static ExamRule Draw(int count, string? category = null, string? tag = null, int? difficulty = null, double mark = 1) =>
        new(null, category, tag, difficulty, count, mark);
}

/// <summary>What the assembler needs to know about a bank question.</summary>
public sealed record BankEntry(long Id, QuestionType Type, string Category, IReadOnlyList<string> Tags, int? Difficulty);

/// <summary>A question placed in an attempt.</summary>
public sealed record PlacedQuestion(long QuestionId, double Mark);

/// <summary>The questions of one attempt in the order the learner sees them, and any rule that could not be filled.</summary>
public sealed record ExamAssembly(IReadOnlyList<PlacedQuestion> Questions, IReadOnlyList<string> Problems);

/// <summary>
/// Builds the question list of an attempt from an exam paper's rules: fixed questions as given,
/// draws at random (never the same question twice in one attempt, never a description), in paper
/// order or shuffled. Deterministic for a seed, so an attempt can be rebuilt and tested.
/// </summary>
public static class ExamAssembler
{
    public static ExamAssembly Assemble(IReadOnlyList<ExamRule> rules, IReadOnlyList<BankEntry> bank, int seed, bool shuffle)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(bank);
        var random = new Random(seed);
        var placed = new List<PlacedQuestion>();
        var used = new HashSet<long>(rules.Where(r => r.QuestionId is not null).Select(r => r.QuestionId!.Value));
        var problems = new List<string>();
        var byId = bank.ToDictionary(e => e.Id);
        for (var index = 0; index < rules.Count; index++)
        {
            var rule = rules[index];
            if (rule.QuestionId is { } id)
            {
                if (byId.ContainsKey(id))
                {
                    placed.Add(new PlacedQuestion(id, rule.Mark));
                }
                else
                {
                    problems.Add($"Rule {index + 1}: question {id} is no longer in the bank.");
                }

                continue;
            }

            var candidates = bank.Where(e => e.Type is not (QuestionType.Description or QuestionType.Category) && !used.Contains(e.Id) && Matches(rule, e)).ToList();
            if (candidates.Count < rule.Count)
            {
                problems.Add($"Rule {index + 1}: {rule.Count} question(s) wanted, {candidates.Count} in the bank match{Describe(rule)}.");
            }

            for (var i = 0; i < Math.Min(rule.Count, candidates.Count); i++)
            {
                var pick = random.Next(i, candidates.Count);
                (candidates[i], candidates[pick]) = (candidates[pick], candidates[i]);
                used.Add(candidates[i].Id);
                placed.Add(new PlacedQuestion(candidates[i].Id, rule.Mark));
            }
        }

        if (shuffle)
        {
            Shuffle(placed, random);
        }

        return new ExamAssembly(placed, problems);
    }

    /// <summary>
    /// The order in which the choices of a question are shown: a permutation of its answer indexes
    /// (multiple choice) or of its matching choices, shuffled when <paramref name="shuffle"/> is set.
    /// </summary>
    public static IReadOnlyList<int> OptionOrder(Question question, bool shuffle, Random random)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(random);
        var count = question.Type switch
        {
            QuestionType.MultipleChoice => question.Answers.Count,
            QuestionType.Matching => ResponseGrader.MatchingChoices(question).Count,
            _ => 0,
        };
        var order = Enumerable.Range(0, count).ToList();
        if (shuffle)
        {
            Shuffle(order, random);
        }

        return order;
    }

    public static bool Matches(ExamRule rule, BankEntry entry)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(entry);
        if (rule.Category is { Length: > 0 } category
            && !(entry.Category == category || entry.Category.StartsWith(category + "/", StringComparison.Ordinal)))
        {
            return false;
        }

        if (rule.Tag is { Length: > 0 } tag && !entry.Tags.Contains(tag, StringComparer.Ordinal))
        {
            return false;
        }

        return rule.Difficulty is not { } difficulty || entry.Difficulty == difficulty;
    }

    private static string Describe(ExamRule rule)
    {
        var parts = new List<string>();
        if (rule.Category is { Length: > 0 })
        {
            parts.Add($"category '{rule.Category}'");
        }

        if (rule.Tag is { Length: > 0 })
        {
            parts.Add($"tag '{rule.Tag}'");
        }

        if (rule.Difficulty is { } d)
        {
            parts.Add($"difficulty {d}");
        }

        return parts.Count == 0 ? string.Empty : " " + string.Join(", ", parts);
    }

    private static void Shuffle<T>(IList<T> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
