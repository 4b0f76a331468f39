using ServiceCoach.Standards;

namespace ServiceCoach.Quality;

public enum CheckOutcome
{
    Pass,
    Fail,

    /// <summary>Not applicable, or not decidable from the data (e.g. a timing check without timestamps).</summary>
    Na,
}

/// <summary>
/// A quoted span of the transcript that explains a check's outcome.
/// </summary>
/// <param name="Turn">0-based index into the conversation's turns.</param>
/// <param name="Start">UTF-16 offset into the turn's ORIGINAL text (never the normalised text).</param>
/// <param name="Length">Length in UTF-16 code units.</param>
/// <param name="Text">The original text of the span.</param>
/// <param name="Suggestion">A suggested rewrite, for phrasing to avoid.</param>
/// <param name="Note">What was measured there, e.g. a wait in seconds.</param>
public sealed record EvidenceSpan(int Turn, int Start, int Length, string Text, string? Suggestion, string? Note)
{
    // The engine makes spans over the turn's text without copying it; Text is cut on first use.
    private readonly string? _source;
    private string? _text = Text;

    internal EvidenceSpan(string source, int turn, int start, int length, string? suggestion, string? note)
        : this(turn, start, length, null!, suggestion, note)
    {
        _source = source;
        _text = null;
    }

    public string Text
    {
        get => _text ??= _source!.Substring(Start, Length);
        init => _text = value;
    }

    /// <summary>The quoted text without allocating it.</summary>
    public ReadOnlySpan<char> TextSpan => _text is not null ? _text : _source.AsSpan(Start, Length);

    public bool Equals(EvidenceSpan? other) =>
        other is not null && Turn == other.Turn && Start == other.Start && Length == other.Length &&
        TextSpan.SequenceEqual(other.TextSpan) && Suggestion == other.Suggestion && Note == other.Note;

    public override int GetHashCode() => HashCode.Combine(Turn, Start, Length, Suggestion, Note);
}

public sealed record CheckResult(
    string Id,
    string Name,
    string Dimension,
    CheckOutcome Outcome,
    decimal Points,
    decimal MaxPoints,
    Severity Severity,
    bool Fatal,
    bool Bonus,
    IReadOnlyList<EvidenceSpan> Evidence,
    string? Suggestion,
    string? Reason)
{
    /// <summary>
    /// For a failed check that applies only when the customer says or shows something (an
    /// apology, empathy or listening check, "applicable: customer-complains"): the customer's words
    /// that made it apply — the earliest customer-turn evidence of the applicability conditions
    /// that held, widened to a short quote (at most <see cref="TriggerQuoteLength"/> characters of
    /// the turn's original text). Null when the check failed without such a condition, and for
    /// passed and not-applicable checks.
    /// </summary>
    public EvidenceSpan? Trigger { get; init; }

    /// <summary>The longest quote <see cref="Trigger"/> holds, in UTF-16 code units.</summary>
    public const int TriggerQuoteLength = 40;
}

/// <summary>A dimension's subtotal: 0–100 over its applicable checks, or null when none applied.</summary>
public sealed record DimensionResult(string Id, string Name, decimal Weight, decimal? Score, decimal PointsEarned, decimal PointsPossible);

/// <summary>The quality inspection result of one conversation under one standard version.</summary>
public sealed record Scorecard(
    string ConversationId,
    string StandardId,
    string StandardVersion,
    decimal Score,
    string Grade,
    string GradeName,
    bool Fatal,
    IReadOnlyList<CheckResult> Checks,
    IReadOnlyList<DimensionResult> Dimensions)
{
    /// <summary>The behaviours detected in the conversation, in the standard's order; tags that were not detected are absent.</summary>
    public IReadOnlyList<TagResult> Tags { get; init; } = [];

    /// <summary>
    /// 0–1: how likely the customer leaves dissatisfied, from the standard's risk model (three decimals);
    /// null when the standard has none.
    /// </summary>
    public decimal? DissatisfactionRisk { get; init; }

    /// <summary>The risk signals that held, strongest first, each with its evidence.</summary>
    public IReadOnlyList<RiskReason> RiskReasons { get; init; } = [];

    /// <summary>
    /// The work units scoring took (see <see cref="QualityEngine.WorkBudget"/>): deterministic for a
    /// standard and conversation. Not part of the scorecard's JSON.
    /// </summary>
    public long WorkUnits { get; init; }

    public CheckResult? Check(string id) => Checks.FirstOrDefault(c => c.Id == id);

    public bool HasTag(string id) => Tags.Any(t => t.Id == id);
}

/// <summary>A behaviour detected in a conversation, with the spans that show it.</summary>
public sealed record TagResult(string Id, string Name, IReadOnlyList<EvidenceSpan> Evidence);

/// <summary>A signal of the dissatisfaction risk that held: its id, plain-language reason, weight on the logit and evidence.</summary>
public sealed record RiskReason(string Id, string Reason, decimal Weight, IReadOnlyList<EvidenceSpan> Evidence);

/// <summary>The stable names outcomes have in JSON and reports.</summary>
public static class ScorecardJsonNames
{
    public static string Outcome(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Pass => "pass",
        CheckOutcome.Fail => "fail",
        _ => "na",
    };

    public static CheckOutcome? ParseOutcome(string? name) => name switch
    {
        "pass" => CheckOutcome.Pass,
        "fail" => CheckOutcome.Fail,
        "na" => CheckOutcome.Na,
        _ => null,
    };
}
