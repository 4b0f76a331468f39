using ServiceCoach.Conversations;
using ServiceCoach.Quality;

namespace ServiceCoach.Quality;

/// <summary>An imported conversation. Turns are stored as JSON: a transcript is always read whole.</summary>
public sealed class ConversationRecord
{
    public long Id { get; set; }

    /// <summary>The conversation's id in the source system; unique, which makes imports idempotent.</summary>
    public string ExternalId { get; set; } = "";

    public Channel Channel { get; set; }

    public string? AgentCode { get; set; }

    /// <summary>The agent's account when the agent code is known to ServiceCoach.</summary>
    public string? AgentUserId { get; set; }

    public int? TeamId { get; set; }

    /// <summary>The team name as imported (kept even when it matches no team).</summary>
    public string? TeamName { get; set; }

    public string? CustomerId { get; set; }

    public string? CustomerTier { get; set; }

    public DateTime? StartTimeUtc { get; set; }

    public string? Category { get; set; }

    public int? Csat { get; set; }

    public int TurnCount { get; set; }

    public long? DurationMs { get; set; }

    /// <summary>The turns in ServiceCoach's JSON form (speaker, text, start, end).</summary>
    public string TurnsJson { get; set; } = "[]";

    /// <summary>
    /// What search reads: the turns' text, one turn a line, folded by <see cref="Text.TextNormalizer"/>
    /// (traditional→simplified, width, case) so that 投诉 and 投訴 find the same conversations.
    /// Queries are folded the same way (<see cref="ConversationSearch"/>).
    /// </summary>
    public string SearchText { get; set; } = "";

    public DateTime ImportedAtUtc { get; set; }

    public long? ImportId { get; set; }
}

/// <summary>
/// The current scorecard of a conversation. <see cref="EngineJson"/> is what the engine said;
/// <see cref="Score"/>, <see cref="Grade"/>, <see cref="Fatal"/> and <see cref="FailedChecks"/> are
/// the EFFECTIVE figures, with reviewers' overrides applied, so every list and dashboard counts them.
/// </summary>
public sealed class ScorecardRecord
{
    public long Id { get; set; }

    public long ConversationId { get; set; }

    public ConversationRecord? Conversation { get; set; }

    public int StandardVersionId { get; set; }

    public double Score { get; set; }

    /// <summary>
    /// A scorecard's score (one decimal) as the nearest double: a plain decimal-to-double cast can
    /// land a hair off (87.2 became 87.200000000000003 in the API).
    /// </summary>
    public static double Stored(decimal score) => Math.Round((double)score, 1, MidpointRounding.AwayFromZero);

    public string Grade { get; set; } = "";

    public bool Fatal { get; set; }

    /// <summary>The engine's score before any override.</summary>
    public double EngineScore { get; set; }

    /// <summary>Ids of failed checks as ",greeting,closing," so a LIKE on ",id," finds them on any database.</summary>
    public string FailedChecks { get; set; } = ",";

    /// <summary>
    /// The behaviours the engine found (the standard's tags), as ",greeting,apology,": reviewers
    /// judge checks, not behaviours, so overrides leave this as scored.
    /// </summary>
    public string Tags { get; set; } = ",";

    /// <summary>How likely the customer leaves dissatisfied (0–1); 0 when the standard defines no risk model.</summary>
    public double DissatisfactionRisk { get; set; }

    /// <summary>The engine's scorecard JSON (docs/formats.md#scorecard).</summary>
    public string EngineJson { get; set; } = "";

    public DateTime ScoredAtUtc { get; set; }

    /// <summary>
    /// The conversation's calendar day in the organisation's time zone (<see cref="OrganisationTime"/>),
    /// at midnight, for filters and the daily rollups: its start, or when it has none the day it was
    /// imported. Named for history (it held the UTC day before the zone setting existed); the
    /// column keeps the name so no migration is needed.
    /// </summary>
    public DateTime DayUtc { get; set; }

    public string? AgentCode { get; set; }

    public int? TeamId { get; set; }

    public Channel Channel { get; set; }

    public bool Reviewed { get; set; }
}

/// <summary>
/// A conversation that could not be scored: its outcome is <c>error</c> instead of a scorecard
/// (it exceeded the per-conversation work budget, or the engine failed on it). It has no score, so
/// no list average, dashboard or rollup counts it; the conversation page and the API show the reason.
/// </summary>
public sealed class ScoringErrorRecord
{
    /// <summary>The longest reason stored; longer ones are cut.</summary>
    public const int MaxReasonLength = 2000;

    public long Id { get; set; }

    public long ConversationId { get; set; }

    public int StandardVersionId { get; set; }

    /// <summary>Why: the check, condition and limit for a budget error; the exception for anything else.</summary>
    public string Reason { get; set; } = "";

    public DateTime AtUtc { get; set; }

    public static string Cut(string reason) => reason.Length <= MaxReasonLength ? reason : string.Concat(reason.AsSpan(0, MaxReasonLength - 1), "…");
}

/// <summary>A reviewer's decision on one check of one scorecard; it wins over the engine in every figure.</summary>
public sealed class CheckOverride
{
    public long Id { get; set; }

    public long ScorecardId { get; set; }

    public string CheckId { get; set; } = "";

    /// <summary>The outcome the reviewer decided (may equal the engine's: a confirmation).</summary>
    public CheckOutcome Outcome { get; set; }

    public CheckOutcome EngineOutcome { get; set; }

    public string Comment { get; set; } = "";

    public string ReviewerId { get; set; } = "";

    public string ReviewerName { get; set; } = "";

    public DateTime AtUtc { get; set; }
}

public enum SamplingKind
{
    /// <summary>A random share of all scored conversations (percent in <see cref="SamplingRule.Parameter"/>).</summary>
    RandomPercent,

    /// <summary>Every conversation with a failed fatal check.</summary>
    AllFatal,

    /// <summary>Every conversation graded at or below the grade in <see cref="SamplingRule.Parameter"/>.</summary>
    GradeAtOrBelow,

    /// <summary>Every conversation with CSAT at or below <see cref="SamplingRule.Parameter"/>.</summary>
    CsatAtOrBelow,

    /// <summary>Every conversation in which the engine found the behaviour tag in <see cref="SamplingRule.Parameter"/>.</summary>
    Tag,

    /// <summary>Every conversation that failed the check in <see cref="SamplingRule.Parameter"/>.</summary>
    CheckFailed,

    /// <summary>Every conversation whose dissatisfaction risk is at least <see cref="SamplingRule.Parameter"/> (0–1).</summary>
    RiskAtLeast,

    /// <summary>
    /// Every conversation of an agent in their first <see cref="SamplingRule.Parameter"/> days (the hire day is day 1),
    /// counted from the hire date of the staff list to today in the organisation's zone. Agents without a hire date never match.
    /// </summary>
    TenureWithinDays,
}

/// <summary>A rule that fills the review queue (R-QA-3, R-QA-4: low-score cases get a dedicated review).</summary>
public sealed class SamplingRule
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public SamplingKind Kind { get; set; }

    public string Parameter { get; set; } = "";

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// At most this many conversations per team and per conversation day (the organisation's calendar day the
    /// conversation counts on, as the dashboard counts it) are queued by this rule; null: no cap. Conversations
    /// without a team share one "no team" allowance. The first scored (lowest scorecard id) take the places.
    /// </summary>
    public int? TeamDailyQuota { get; set; }
}

public enum ReviewState
{
    Pending,
    Done,
}

/// <summary>A scorecard waiting for (or finished with) human review.</summary>
public sealed class ReviewItem
{
    public long Id { get; set; }

    public long ScorecardId { get; set; }

    public int? SamplingRuleId { get; set; }

    public string Reason { get; set; } = "";

    public ReviewState State { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? CompletedAtUtc { get; set; }

    public string? CompletedBy { get; set; }

    /// <summary>The reviewer this item is assigned to (null: anyone's); set by a supervisor, QA inspector or admin.</summary>
    public string? AssignedToUserId { get; set; }

    public string? AssignedToName { get; set; }

    public DateTime? AssignedAtUtc { get; set; }
}

public enum DisputeState
{
    Open,

    /// <summary>The agent was right: the check's outcome was changed.</summary>
    Upheld,
    Rejected,
}

/// <summary>An agent contests one check of their scorecard (申诉); a QA inspector decides.</summary>
public sealed class Dispute
{
    public long Id { get; set; }

    public long ScorecardId { get; set; }

    public string CheckId { get; set; } = "";

    public string AgentUserId { get; set; } = "";

    public string Reason { get; set; } = "";

    public DisputeState State { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public string? DecidedBy { get; set; }

    public string? DecisionComment { get; set; }

    public DateTime? DecidedAtUtc { get; set; }
}

/// <summary>A calibration round: several reviewers score the same conversations blind, then compare.</summary>
public sealed class CalibrationSession
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }

    public bool Closed { get; set; }

    public List<CalibrationConversation> Conversations { get; set; } = [];
}

public sealed class CalibrationConversation
{
    public int SessionId { get; set; }

    public long ConversationId { get; set; }
}

/// <summary>One reviewer's blind judgement of one check in a calibration round.</summary>
public sealed class CalibrationJudgement
{
    public long Id { get; set; }

    public int SessionId { get; set; }

    public long ConversationId { get; set; }

    public string ReviewerId { get; set; } = "";

    public string CheckId { get; set; } = "";

    public CheckOutcome Outcome { get; set; }

    public DateTime AtUtc { get; set; }
}

public enum JobState
{
    Pending,
    Running,
    Done,
    Failed,
}

/// <summary>
/// Durable background work: scoring a range of conversations. A job is claimed with a lease
/// (FOR UPDATE SKIP LOCKED on PostgreSQL); a server that dies mid-job leaves it to be reclaimed
/// when the lease expires, and its results are written in one transaction, so nothing is lost
/// or written twice.
/// </summary>
public sealed class ScoringJob
{
    public long Id { get; set; }

    public JobState State { get; set; }

    /// <summary>Inclusive range of conversation ids to score.</summary>
    public long FirstConversationId { get; set; }

    public long LastConversationId { get; set; }

    public int StandardVersionId { get; set; }

    public long? ImportId { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public string? ClaimedBy { get; set; }

    public DateTime? LeaseUntilUtc { get; set; }

    public int Attempts { get; set; }

    public DateTime? CompletedAtUtc { get; set; }

    public string? Error { get; set; }
}

public enum ImportState
{
    Running,
    Done,
    Failed,
}

/// <summary>One upload of conversations: counts and the rejected lines' errors (downloadable as a report).</summary>
public sealed class ImportRecord
{
    public long Id { get; set; }

    public string FileName { get; set; } = "";

    public string UploadedBy { get; set; } = "";

    public DateTime StartedAtUtc { get; set; }

    public DateTime? FinishedAtUtc { get; set; }

    /// <summary>
    /// When the import last stored a chunk (or began). A running import that has not moved for
    /// <see cref="ConversationImport.StalledAfter"/> was on a server that died; it is then marked failed.
    /// </summary>
    public DateTime? LastProgressUtc { get; set; }

    public ImportState State { get; set; }

    public int Read { get; set; }

    public int Imported { get; set; }

    public int Duplicates { get; set; }

    public int Rejected { get; set; }

    /// <summary>The rejected records' errors, one per line ("file, line 3, column 7: …").</summary>
    public string ErrorReport { get; set; } = "";

    /// <summary>The team chosen for the upload: conversations whose agent and team the file does not name (or names unknown to ServiceCoach) go to it.</summary>
    public int? DefaultTeamId { get; set; }
}
