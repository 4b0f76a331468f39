using System.Globalization;
using ServiceCoach.Conversations;
using ServiceCoach.Quality;

namespace ServiceCoach.Practice;

/// <summary>
/// Turns a practice transcript into its result: the quality engine's scorecard (the same call as for
/// imported conversations), the scenario's rubric, the customer's needs, feedback and the practice score.
/// </summary>
public static class PracticeReport
{
    public const decimal QualityWeight = 0.35m;
    public const decimal RubricWeight = 0.35m;
    public const decimal OutcomeWeight = 0.20m;
    public const decimal CalmWeight = 0.10m;

    /// <summary>What each outcome is worth in the outcome part of the score (0–100).</summary>
    public static decimal OutcomeValue(PracticeOutcome outcome) => outcome switch
    {
        PracticeOutcome.Resolved => 100m,
        PracticeOutcome.Escalated => 40m,
        PracticeOutcome.TurnLimit => 20m,
        _ => 0m,
    };

    /// <summary>
    /// The result of a transcript in which a person played the customer (a live drill): every agent
    /// turn is heard like a practice reply, needs are met by the first reply whose trigger holds
    /// (a person judges the emotion, so there is no curve), and the outcome is the one the room decided.
    /// </summary>
    public static PracticeResult ForTranscript(CompiledScenario scenario, Conversation transcript, PracticeOutcome outcome, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(transcript);
        var heard = new List<HeardReply>();
        for (var t = 0; t < transcript.Turns.Count; t++)
        {
            if (transcript.Turns[t].Speaker == Speaker.Agent)
            {
                heard.Add(HeardReply.Hear(scenario, transcript, t));
            }
        }

        var needs = scenario.Definition.Needs;
        var metAt = new int?[needs.Count];
        for (var r = 0; r < heard.Count; r++)
        {
            var state = new AttemptState(scenario, heard.Take(r + 1).ToList(), metAt, null, scenario.Definition.Persona.Emotion, null) { Current = heard[r] };
            for (var n = 0; n < needs.Count; n++)
            {
                if (metAt[n] is null && scenario.NeedTriggers[n].Evaluate(state))
                {
                    metAt[n] = r;
                }
            }
        }

        return Build(scenario, transcript, heard, new CustomerTrace(outcome, [], metAt, []), seed);
    }

    internal static PracticeResult Build(CompiledScenario scenario, Conversation transcript, IReadOnlyList<HeardReply> heard, CustomerTrace trace, int seed)
    {
        var definition = scenario.Definition;
        var scorecard = scenario.Engine.Score(transcript);
        var finalEmotion = trace.Emotion.Count > 0 ? trace.Emotion[^1] : definition.Persona.Emotion;
        var needs = definition.Needs.Select((n, i) => new NeedResult(n.Id, n.Name, trace.NeedsMetAt[i] is not null, trace.NeedsMetAt[i], n.Model)).ToArray();
        var attempt = new AttemptState(scenario, heard, trace.NeedsMetAt, trace.Outcome, finalEmotion, scorecard);
        var rubric = definition.Rubric.Select((r, i) => new RubricResult(r.Id, r.Name, r.Points, scenario.RubricTriggers[i].Evaluate(attempt), r.Model)).ToArray();

        var possible = rubric.Sum(r => r.Points);
        var rubricScore = possible > 0 ? Math.Round(100m * rubric.Sum(r => r.Earned) / possible, 1, MidpointRounding.AwayFromZero) : scorecard.Score;
        decimal? calm = trace.Emotion.Count > 0 ? 100 - finalEmotion : null;
        var parts = new PracticeScoreParts(scorecard.Score, rubricScore, OutcomeValue(trace.Outcome), calm);
        var weighted = (QualityWeight * parts.Quality) + (RubricWeight * parts.Rubric) + (OutcomeWeight * parts.Outcome);
        var score = calm is { } c ? weighted + (CalmWeight * c) : weighted / (QualityWeight + RubricWeight + OutcomeWeight);
        score = scorecard.Fatal ? 0m : Math.Round(Math.Clamp(score, 0m, 100m), 1, MidpointRounding.AwayFromZero);

        var replies = new List<ReplyTrace>();
        for (var r = 0; r < heard.Count; r++)
        {
            var reaction = r < trace.Reactions.Count ? trace.Reactions[r] : null;
            int? before = trace.Emotion.Count > r ? trace.Emotion[r] : null;
            var signals = heard[r].Signals.Where(s => !s.StartsWith(SignalCatalog.LexiconPrefix, StringComparison.Ordinal)).Distinct();
            replies.Add(new ReplyTrace(r + 1, heard[r].Turn, heard[r].Text, [.. signals], before, reaction?.Emotion, reaction?.Effects ?? []));
        }

        decimal? effect = null;
        if (trace.Reactions.Count > 0)
        {
            var responseRate = (decimal)trace.Reactions.Count(x => !x.Ignored) / trace.Reactions.Count;
            var resolution = trace.Outcome == PracticeOutcome.Resolved ? 1m : 0m;
            effect = Math.Round(responseRate * resolution * (100 - finalEmotion) / 100m, 3, MidpointRounding.AwayFromZero);
        }

        return new PracticeResult
        {
            ScenarioId = definition.Id,
            ScenarioVersion = definition.Version,
            Seed = seed,
            Outcome = trace.Outcome,
            Score = score,
            Parts = parts,
            Emotion = trace.Emotion,
            Transcript = transcript,
            Scorecard = scorecard,
            Rubric = rubric,
            Needs = needs,
            Replies = replies,
            Feedback = Feedback(scenario, heard, needs, rubric, replies, scorecard),
            CommunicationEffect = effect,
        };
    }

    private static PracticeFeedback Feedback(
        CompiledScenario scenario, IReadOnlyList<HeardReply> heard, NeedResult[] needs, RubricResult[] rubric, List<ReplyTrace> replies, Scorecard scorecard)
    {
        var wentWell = new List<FeedbackItem>();
        var toChange = new List<FeedbackItem>();
        var tagNames = scenario.Standard.TagDefinitions.ToDictionary(t => t.Id, t => t.Name, StringComparer.Ordinal);

        foreach (var need in needs.Where(n => n.Met))
        {
            wentWell.Add(new FeedbackItem($"满足了客户的需求：{need.Name}", null, need.Reply + 1, heard[need.Reply!.Value].Text));
        }

        foreach (var item in rubric.Where(r => r.Passed))
        {
            wentWell.Add(new FeedbackItem(item.Name, string.Create(CultureInfo.InvariantCulture, $"情景评分项 +{item.Points}")));
        }

        var calming = replies.Where(r => r.EmotionBefore is not null && r.EmotionAfter is not null && r.EmotionAfter - r.EmotionBefore <= -10)
            .OrderBy(r => r.EmotionAfter - r.EmotionBefore).FirstOrDefault();
        if (calming is not null)
        {
            wentWell.Add(new FeedbackItem(
                string.Create(CultureInfo.InvariantCulture, $"第 {calming.Reply} 轮回复让客户明显平静下来（{calming.EmotionAfter - calming.EmotionBefore}）"),
                Named(calming.Effects.Where(e => e.Change < 0).Select(e => e.Signal), tagNames), calming.Reply, calming.Text));
        }

        if (scorecard.Score >= 90 && !scorecard.Fatal)
        {
            wentWell.Add(new FeedbackItem(string.Create(CultureInfo.InvariantCulture, $"质检得分 {scorecard.Score}（{scorecard.GradeName}）")));
        }

        foreach (var need in needs.Where(n => !n.Met))
        {
            toChange.Add(new FeedbackItem($"客户还需要：{need.Name}", "客户一直在等这句话，可以这样说：", null, null, need.Model));
        }

        foreach (var reply in replies)
        {
            var rise = reply.Effects.Where(e => e.Change > 0).ToArray();
            if (rise.Length == 0)
            {
                continue;
            }

            var suggestions = heard[reply.Reply - 1].Tags
                .SelectMany(t => t.Evidence)
                .Where(e => e.Suggestion is not null)
                .Select(e => $"「{e.Text}」→「{e.Suggestion}」")
                .Distinct()
                .ToArray();
            var detail = Named(rise.Select(e => e.Signal), tagNames);
            toChange.Add(new FeedbackItem(
                string.Create(CultureInfo.InvariantCulture, $"第 {reply.Reply} 轮回复让客户更不满（+{rise.Sum(e => e.Change)}）"),
                suggestions.Length > 0 ? $"{detail}。建议：{string.Join("；", suggestions)}" : detail,
                reply.Reply,
                reply.Text));
        }

        foreach (var item in rubric.Where(r => !r.Passed))
        {
            toChange.Add(new FeedbackItem(item.Name, string.Create(CultureInfo.InvariantCulture, $"情景评分项未得分（{item.Points} 分）"), null, null, item.Model));
        }

        var replyOfTurn = replies.ToDictionary(r => r.Turn, r => r.Reply);
        foreach (var check in scorecard.Checks.Where(c => c.Outcome == CheckOutcome.Fail && !c.Bonus))
        {
            var evidence = check.Evidence.FirstOrDefault(e => replyOfTurn.ContainsKey(e.Turn)) ?? (check.Evidence.Count > 0 ? check.Evidence[0] : null);
            int? reply = evidence is not null && replyOfTurn.TryGetValue(evidence.Turn, out var r) ? r : null;
            toChange.Add(new FeedbackItem($"质检：{check.Name}", check.Reason, reply, evidence?.Text, check.Suggestion));
        }

        return new PracticeFeedback(wentWell, toChange);
    }

    private static string Named(IEnumerable<string> signals, Dictionary<string, string> tagNames) =>
        string.Join("、", signals.Select(s => s switch
        {
            SignalCatalog.Ignored => "没有回应客户的问题",
            _ when s.StartsWith("need:", StringComparison.Ordinal) => "满足了客户的需求",
            _ => tagNames.TryGetValue(s, out var name) ? name : s,
        }).Distinct());

    /// <summary>The attempt as rubric items (and, for drills, need triggers) see it.</summary>
    private sealed class AttemptState(
        CompiledScenario scenario, IReadOnlyList<HeardReply> heard, IReadOnlyList<int?> needsMetAt, PracticeOutcome? outcome, int emotion, Scorecard? scorecard)
        : IExpressionState
    {
        /// <summary>When set, "heard" means heard in this reply (need triggers of a drill), else in any reply.</summary>
        public HeardReply? Current { get; init; }

        public bool Heard(string signal) => Current?.Has(signal) ?? heard.Any(h => h.Has(signal));

        public bool EverHeard(string signal) => heard.Any(h => h.Has(signal));

        public int? FirstHeard(string signal)
        {
            for (var r = 0; r < heard.Count; r++)
            {
                if (heard[r].Has(signal))
                {
                    return r;
                }
            }

            return null;
        }

        public int Emotion => emotion;

        public int Turn => heard.Count;

        public bool NeedMet(string need)
        {
            var index = scenario.Definition.Needs.ToList().FindIndex(n => n.Id == need);
            return index >= 0 && needsMetAt[index] is not null;
        }

        public PracticeOutcome? Outcome => outcome;

        public bool CheckPassed(string check) => scorecard?.Check(check)?.Outcome == CheckOutcome.Pass;
    }
}
