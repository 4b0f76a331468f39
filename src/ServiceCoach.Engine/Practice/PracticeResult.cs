using ServiceCoach.Conversations;
using ServiceCoach.Quality;

namespace ServiceCoach.Practice;

/// <summary>What the customer side of a practice conversation did: how it ended and how the emotion moved.</summary>
/// <param name="Emotion">The emotion at the start and after each reply; empty when a person played the customer.</param>
/// <param name="NeedsMetAt">For each need in file order, the 0-based reply that met it, or null.</param>
/// <param name="Reactions">The virtual customer's reaction to each reply; empty when a person played the customer.</param>
public sealed record CustomerTrace(PracticeOutcome Outcome, IReadOnlyList<int> Emotion, IReadOnlyList<int?> NeedsMetAt, IReadOnlyList<CustomerReaction> Reactions);

/// <summary>One rubric item of the scenario as judged on the attempt.</summary>
public sealed record RubricResult(string Id, string Name, int Points, bool Passed, string? Model)
{
    public int Earned => Passed ? Points : 0;
}

/// <summary>A need of the customer and the reply (0-based among the learner's replies) that met it.</summary>
public sealed record NeedResult(string Id, string Name, bool Met, int? Reply, string Model);

/// <summary>One point of feedback. <paramref name="Reply"/> is the 1-based learner reply it is about, when it is about one.</summary>
public sealed record FeedbackItem(string Title, string? Detail = null, int? Reply = null, string? Quote = null, string? Model = null);

/// <summary>What went well and what to change (with model replies), weakness by weakness (R-PRA-3).</summary>
public sealed record PracticeFeedback(IReadOnlyList<FeedbackItem> WentWell, IReadOnlyList<FeedbackItem> ToChange);

/// <summary>
/// The parts of the practice score, each 0–100 (docs/scenarios.md#score): the standard's scorecard,
/// the scenario's rubric, the outcome and how calm the customer ended (null when a person played the customer).
/// </summary>
public sealed record PracticeScoreParts(decimal Quality, decimal Rubric, decimal Outcome, decimal? Calm);

/// <summary>One learner reply as heard: the tags and cues (lexicon hits are left out here), and how it moved the customer.</summary>
/// <param name="Reply">1-based.</param>
public sealed record ReplyTrace(int Reply, int Turn, string Text, IReadOnlyList<string> Signals, int? EmotionBefore, int? EmotionAfter, IReadOnlyList<EmotionEffect> Effects);

/// <summary>The result of one practice attempt.</summary>
public sealed record PracticeResult
{
    public required string ScenarioId { get; init; }

    public required int ScenarioVersion { get; init; }

    public required int Seed { get; init; }

    public required PracticeOutcome Outcome { get; init; }

    /// <summary>0–100, one decimal: 35 % scorecard + 35 % rubric + 20 % outcome + 10 % calm (renormalised without calm); 0 after a fatal check.</summary>
    public required decimal Score { get; init; }

    public required PracticeScoreParts Parts { get; init; }

    /// <summary>The emotion at the start and after each reply (0 calm … 100 leaves); empty when a person played the customer.</summary>
    public required IReadOnlyList<int> Emotion { get; init; }

    /// <summary>The transcript as a normal conversation.</summary>
    public required Conversation Transcript { get; init; }

    /// <summary>The quality engine's scorecard of <see cref="Transcript"/> (the same call as for imported conversations).</summary>
    public required Scorecard Scorecard { get; init; }

    public required IReadOnlyList<RubricResult> Rubric { get; init; }

    public required IReadOnlyList<NeedResult> Needs { get; init; }

    public required IReadOnlyList<ReplyTrace> Replies { get; init; }

    public required PracticeFeedback Feedback { get; init; }

    /// <summary>
    /// R-PRA-5: communication effect = response rate × resolution rate × satisfaction, 0–1 (three
    /// decimals): replies that addressed the customer ÷ replies, 1 when resolved else 0, and
    /// (100 − final emotion) ÷ 100; null when a person played the customer.
    /// </summary>
    public decimal? CommunicationEffect { get; init; }
}
