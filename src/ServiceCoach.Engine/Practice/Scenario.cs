using ServiceCoach.Conversations;
using ServiceCoach.Standards;

namespace ServiceCoach.Practice;

/// <summary>How a customer's temperament scales what moves them (see <see cref="CustomerReactions"/>).</summary>
public enum Temperament
{
    Calm,
    Normal,
    Irritable,
}

/// <summary>
/// A practice scenario (情景模拟) as written in its YAML file: who the customer is, what they know,
/// what counts as resolved, what they need to hear (needs), what else they react to (beats), the
/// scenario's own rubric and model replies. The format is documented in docs/scenarios.md.
/// </summary>
public sealed record Scenario
{
    public required string Id { get; init; }

    /// <summary>Raised by the author whenever the scenario changes; attempts record the version they played.</summary>
    public required int Version { get; init; }

    /// <summary>When the scenario was first added to the library (the library shows what is new this month).</summary>
    public required DateOnly Added { get; init; }

    public required string Title { get; init; }

    /// <summary>An id from <see cref="ScenarioCategories"/> (English, e.g. <c>complaint</c>).</summary>
    public required string Category { get; init; }

    /// <summary>1 初级, 2 中级, 3 高级.</summary>
    public required int Difficulty { get; init; }

    public Channel Channel { get; init; } = Channel.Chat;

    /// <summary>The learner has at most this many replies; then the session ends as <see cref="PracticeOutcome.TurnLimit"/>.</summary>
    public int MaxTurns { get; init; } = 10;

    /// <summary>
    /// When set, a reply with a sentence longer than this many characters is heard as
    /// <c>long-sentences</c> (an elderly customer needs short sentences, R-STD-7).
    /// </summary>
    public int? MaxSentenceChars { get; init; }

    /// <summary>One line for the scenario picker.</summary>
    public string? Summary { get; init; }

    /// <summary>What the learner (the agent) knows before starting: what their screen shows.</summary>
    public string? Briefing { get; init; }

    public required Persona Persona { get; init; }

    /// <summary>What the customer knows (order number, error code, dates), shown to a customer player in a live drill.</summary>
    public IReadOnlyList<ScenarioFact> Facts { get; init; } = [];

    /// <summary>What counts as resolved, in words (shown to the learner and in the report).</summary>
    public required string Goal { get; init; }

    /// <summary>The customer's first message (one is picked by the seed).</summary>
    public required IReadOnlyList<string> Opening { get; init; }

    /// <summary>Scenario-specific phrase lists the customer listens for (e.g. "运费" when shipping cost matters).</summary>
    public IReadOnlyList<ScenarioCue> Cues { get; init; } = [];

    /// <summary>Overrides of the default effects on emotion, by signal.</summary>
    public IReadOnlyList<ScenarioReaction> Reactions { get; init; } = [];

    /// <summary>What the customer must hear before the case is resolved, in the order they press for it.</summary>
    public required IReadOnlyList<CustomerNeed> Needs { get; init; }

    /// <summary>Lines the customer says when a trigger holds, checked in file order before anything else.</summary>
    public IReadOnlyList<Beat> Beats { get; init; } = [];

    public ResolutionSettings Resolution { get; init; } = new();

    /// <summary>The customer asks for a supervisor when emotion reaches <see cref="EscalationSettings.At"/>.</summary>
    public EscalationSettings Escalation { get; init; } = new();

    /// <summary>What the customer says when they leave (emotion at 100); empty = the library's lines.</summary>
    public IReadOnlyList<string> Abandon { get; init; } = [];

    /// <summary>What the customer says when the learner's replies run out; empty = the library's lines.</summary>
    public IReadOnlyList<string> TurnLimitLines { get; init; } = [];

    /// <summary>The scenario's own rubric items (besides the standard's checks).</summary>
    public IReadOnlyList<RubricItem> Rubric { get; init; } = [];

    /// <summary>A good and a bad reply sequence: examples for learners and the library's own tests.</summary>
    public required ScenarioExamples Examples { get; init; }

    /// <summary>Where the scenario came from, for messages.</summary>
    public SourceLocation Location { get; init; }

    /// <summary>The Chinese name of the category (e.g. 投诉), used as the conversation's category so the standard's inquiry classes apply.</summary>
    public string CategoryName => ScenarioCategories.NameOf(Category);
}

public sealed record Persona(string Name, string? Tier, Temperament Temperament, int Emotion, string? Description);

public sealed record ScenarioFact(string Name, string Value);

/// <summary>A scenario's own effect of a signal on the emotion (replaces the default one).</summary>
public sealed record ScenarioReaction(string Signal, int Effect, SourceLocation Location);

/// <summary>A scenario's own phrase list; a reply that contains one of the phrases (normalised, negations ignored) is heard as the cue.</summary>
public sealed record ScenarioCue(string Id, string Name, IReadOnlyList<string> Phrases, SourceLocation Location);

/// <summary>
/// Something the customer needs to hear. Satisfied by the first reply in which <see cref="When"/>
/// holds while the customer's emotion (after that reply) is below <see cref="AcceptBelow"/>.
/// </summary>
public sealed record CustomerNeed(
    string Id,
    string Name,
    Located<string> When,
    int? AcceptBelow,
    IReadOnlyList<string> Ask,
    IReadOnlyList<string> Ack,
    string Model,
    int? Relief,
    SourceLocation Location);

/// <summary>A line (one of <see cref="Say"/>, picked by the seed) said when <see cref="When"/> holds for a reply.</summary>
public sealed record Beat(string Id, Located<string> When, IReadOnlyList<string> Say, bool Once, SourceLocation Location);

/// <summary>
/// When the case is resolved: every need is met and the emotion is at most <see cref="MaxEmotion"/>.
/// The customer then says <see cref="Say"/> (or <see cref="Farewell"/> when the reply already closed politely).
/// </summary>
public sealed record ResolutionSettings
{
    public int MaxEmotion { get; init; } = 40;

    public IReadOnlyList<string> Say { get; init; } = [];

    public IReadOnlyList<string> Farewell { get; init; } = [];

    /// <summary>Said while every need is met but the customer is still too upset to accept.</summary>
    public IReadOnlyList<string> StillUpset { get; init; } = [];
}

public sealed record EscalationSettings
{
    /// <summary>At this emotion the customer demands a supervisor; still there after the next reply, the session ends as escalated.</summary>
    public int At { get; init; } = 90;

    public IReadOnlyList<string> Say { get; init; } = [];
}

public sealed record RubricItem(string Id, string Name, int Points, Located<string> When, string? Model, SourceLocation Location);

/// <param name="BadFails">The standard's checks the bad sequence must fail (the library's tests assert it).</param>
public sealed record ScenarioExamples(IReadOnlyList<string> Good, IReadOnlyList<string> Bad, IReadOnlyList<string> BadFails);
