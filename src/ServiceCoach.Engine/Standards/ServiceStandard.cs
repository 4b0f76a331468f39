using ServiceCoach.Conversations;
using YamlDotNet.RepresentationModel;

namespace ServiceCoach.Standards;

/// <summary>
/// A service standard as written in its YAML file, before compilation. Field meanings are
/// documented in docs/standard.md.
/// </summary>
public sealed record ServiceStandard(
    string Id,
    string Version,
    string Name,
    string Locale,
    string? Description,
    TimingStandard Timing,
    IReadOnlyList<LexiconDefinition> Lexicons,
    IReadOnlyList<FlowDefinition> Flows,
    IReadOnlyList<ConditionDefinition> Conditions,
    ScorecardDefinition Scorecard)
{
    /// <summary>The optional <c>complaints:</c> section (levels, SLA limits, escalation, compensation…); null when the file has none.</summary>
    public Complaints.ComplaintStandard? Complaints { get; init; }

    /// <summary>Behaviours the standard names (tags), detected in every conversation whatever the checks ask.</summary>
    public IReadOnlyList<TagDefinition> Tags { get; init; } = [];

    /// <summary>How the dissatisfaction risk is computed; null = the scorecard carries no risk.</summary>
    public RiskDefinition? DissatisfactionRisk { get; init; }

    /// <summary><see cref="Description"/> in other languages, by language tag (<c>en</c>, <c>zh-Hant</c>); empty when the file gives one text.</summary>
    public IReadOnlyDictionary<string, string> DescriptionTranslations { get; init; } = StandardText.None;
}

/// <summary>
/// A named behaviour (tag): "the agent apologised", "the customer is upset". Detected when
/// <see cref="When"/> (an expression over condition ids) holds; its evidence is the conditions'.
/// </summary>
public sealed record TagDefinition(string Id, string Name, string? Description, Located<string> When, SourceLocation Location)
{
    /// <summary><see cref="Name"/> in other languages, by language tag.</summary>
    public IReadOnlyDictionary<string, string> NameTranslations { get; init; } = StandardText.None;
}

/// <summary>One signal of the dissatisfaction risk: when <see cref="When"/> holds it adds <see cref="Weight"/> to the logit.</summary>
public sealed record RiskSignalDefinition(string Id, Located<string> When, decimal Weight, string Reason, SourceLocation Location);

/// <summary>
/// The dissatisfaction risk as a logistic model: risk = 1 / (1 + e^−(bias + Σ weight of the signals that hold)).
/// Each signal that holds is a reason, with its conditions' evidence.
/// </summary>
public sealed record RiskDefinition(decimal Bias, IReadOnlyList<RiskSignalDefinition> Signals, SourceLocation Location);

/// <summary>A phrase of a lexicon; <see cref="Suggestion"/> is the rewrite to propose when the phrase is to be avoided.</summary>
public sealed record LexiconEntry(string Text, string? Suggestion, SourceLocation Location);

public sealed record LexiconDefinition(
    string Id,
    string Name,
    string? Description,
    bool RequireSuggestions,
    IReadOnlyList<LexiconEntry> Entries,
    SourceLocation Location)
{
    /// <summary>
    /// Phrases that cancel a hit they overlap: "麻烦" is a complaint, "麻烦您" and "不麻烦" are not.
    /// Checked wherever the lexicon is read.
    /// </summary>
    public IReadOnlyList<LexiconEntry> Exceptions { get; init; } = [];

    /// <summary>
    /// A lexicon of negators ("不是", "没有"…): a hit that follows one of them closely in the same
    /// clause does not count ("我不是投诉配送员"). Null = the lexicon is not negated.
    /// </summary>
    public Located<string>? NegatedBy { get; init; }
}

/// <summary>One step of a flow, recognised when the step's role says any phrase of its lexicons or its own phrases.</summary>
public sealed record FlowStepDefinition(
    string Id,
    string Name,
    RoleScope Role,
    IReadOnlyList<Located<string>> Lexicons,
    IReadOnlyList<LexiconEntry> Phrases,
    SourceLocation Location);

public sealed record FlowDefinition(
    string Id,
    string Name,
    string? Description,
    IReadOnlyList<FlowStepDefinition> Steps,
    SourceLocation Location);

public enum RoleScope
{
    Any,
    Agent,
    Customer,
    System,
}

/// <summary>
/// Which of the role's turns a condition looks at. Indices are 1-based over the turns of the
/// condition's role; negative indices count from the end (-1 = last).
/// </summary>
public sealed record TurnRange(int? First, int? Last, int? From, int? To);

/// <summary>Limits a condition to the turns after (or before) the first turn where another condition hit.</summary>
/// <param name="Within">At most this many turns (of any role) away from the anchor turn; null = no limit.</param>
public sealed record AnchorDefinition(Located<string> ConditionId, bool After, int? Within);

/// <summary>One operator use inside a condition: its registered name and its arguments.</summary>
public sealed record OperatorDefinition(string Name, SourceLocation Location)
{
    internal YamlMappingNode? Arguments { get; init; }

    /// <summary>The arguments as written, for display.</summary>
    public string ArgumentsText { get; init; } = "";
}

public sealed record ConditionDefinition(
    string Id,
    string? Description,
    RoleScope Role,
    TurnRange? Turns,
    AnchorDefinition? Anchor,
    IReadOnlyList<OperatorDefinition> Operators,
    Located<string>? Expression,
    SourceLocation Location)
{
    /// <summary>A readable name ("客服问候"); null = the pages name the condition after a tag or check that is exactly it.</summary>
    public string? Name { get; init; }

    /// <summary><see cref="Name"/> in other languages, by language tag.</summary>
    public IReadOnlyDictionary<string, string> NameTranslations { get; init; } = StandardText.None;

    /// <summary><see cref="ConditionDefinition.Description"/> in other languages, by language tag.</summary>
    public IReadOnlyDictionary<string, string> DescriptionTranslations { get; init; } = StandardText.None;
}

/// <summary>重 / 中 / 轻.</summary>
public enum Severity
{
    Minor,
    Moderate,
    Major,
}

/// <summary>How a check that does not apply to a conversation counts.</summary>
public enum NaHandling
{
    /// <summary>Left out of the denominator: the remaining checks carry the dimension.</summary>
    Exclude,

    /// <summary>Counted as passed.</summary>
    Pass,
}

/// <summary>Whether the check's expression says when it passes or when it fails (a violation rule).</summary>
public enum CheckMode
{
    PassWhen,
    FailWhen,
}

public sealed record CheckDefinition(
    string Id,
    string Name,
    string Dimension,
    decimal Points,
    Severity Severity,
    bool Fatal,
    bool Bonus,
    CheckMode Mode,
    Located<string> Expression,
    Located<string>? Applicable,
    NaHandling? NaHandling,
    string? Message,
    string? Suggestion,
    string? Description,
    SourceLocation Location)
{
    /// <summary><see cref="Name"/> in other languages, by language tag.</summary>
    public IReadOnlyDictionary<string, string> NameTranslations { get; init; } = StandardText.None;

    /// <summary><see cref="CheckDefinition.Description"/> in other languages, by language tag.</summary>
    public IReadOnlyDictionary<string, string> DescriptionTranslations { get; init; } = StandardText.None;

    /// <summary>
    /// <see cref="Message"/> in other languages, by language tag. The engine writes the default
    /// text into a result's reason; readers in another language are shown the translation.
    /// </summary>
    public IReadOnlyDictionary<string, string> MessageTranslations { get; init; } = StandardText.None;

    /// <summary><see cref="Suggestion"/> in other languages, by language tag (as for <see cref="MessageTranslations"/>).</summary>
    public IReadOnlyDictionary<string, string> SuggestionTranslations { get; init; } = StandardText.None;
}

public sealed record DimensionDefinition(string Id, string Name, decimal Weight, SourceLocation Location)
{
    /// <summary><see cref="Name"/> in other languages, by language tag.</summary>
    public IReadOnlyDictionary<string, string> NameTranslations { get; init; } = StandardText.None;
}

/// <summary>A grade band: a score at or above <see cref="Min"/> (and below the next band) earns it.</summary>
public sealed record GradeBand(string Id, string Name, decimal Min, SourceLocation Location)
{
    /// <summary><see cref="Name"/> in other languages, by language tag.</summary>
    public IReadOnlyDictionary<string, string> NameTranslations { get; init; } = StandardText.None;
}

public sealed record ScorecardDefinition(
    IReadOnlyList<DimensionDefinition> Dimensions,
    IReadOnlyList<CheckDefinition> Checks,
    IReadOnlyList<GradeBand> Grades,
    NaHandling NaHandling);

/// <summary>Response-time limits in seconds; null = inherit from the broader level.</summary>
public sealed record ResponseLimits(int? FirstResponseSeconds, int? ResponseSeconds, int? FirstSolutionSeconds, int? SilenceSeconds)
{
    public static ResponseLimits None { get; } = new(null, null, null, null);

    /// <summary>Values of this level where set, else those of <paramref name="fallback"/>.</summary>
    public ResponseLimits Over(ResponseLimits fallback) => new(
        FirstResponseSeconds ?? fallback.FirstResponseSeconds,
        ResponseSeconds ?? fallback.ResponseSeconds,
        FirstSolutionSeconds ?? fallback.FirstSolutionSeconds,
        SilenceSeconds ?? fallback.SilenceSeconds);
}

/// <summary>An inquiry class (R-STD-1: ordinary question vs complex problem), chosen by conversation category.</summary>
public sealed record InquiryClassDefinition(string Id, string Name, IReadOnlyList<string> Categories, ResponseLimits Limits);

/// <summary>Phone answering: R-STD-1 asks for an answer within N rings.</summary>
public sealed record PhoneAnswering(int Rings, int SecondsPerRing)
{
    public int Seconds => checked(Rings * SecondsPerRing);
}

/// <summary>Speech rate band in characters per minute (R-STD-7).</summary>
public sealed record SpeechRateBand(int MinCharsPerMinute, int MaxCharsPerMinute);

public sealed record TimingStandard(
    ResponseLimits Defaults,
    IReadOnlyDictionary<Channel, ResponseLimits> Channels,
    IReadOnlyList<InquiryClassDefinition> Classes,
    PhoneAnswering? PhoneAnswering,
    SpeechRateBand? SpeechRate)
{
    /// <summary>Built-in fallbacks used only when a standard leaves a limit out entirely (R-STD-1 figures).</summary>
    public static ResponseLimits BuiltIn { get; } = new(30, 30, 300, 30);

    public static TimingStandard Empty { get; } = new(ResponseLimits.None, new Dictionary<Channel, ResponseLimits>(), [], null, null);

    /// <summary>The inquiry class for a conversation category, or null for the ordinary class.</summary>
    public InquiryClassDefinition? ClassFor(string? category)
    {
        if (category is null)
        {
            return null;
        }

        foreach (var inquiryClass in Classes)
        {
            foreach (var c in inquiryClass.Categories)
            {
                if (string.Equals(c, category, StringComparison.OrdinalIgnoreCase))
                {
                    return inquiryClass;
                }
            }
        }

        return null;
    }

    /// <summary>Effective limits for a conversation: class, then channel (phone first response from rings), then defaults, then built-ins.</summary>
    public ResponseLimits Resolve(Channel channel, string? category)
    {
        var channelLimits = Channels.TryGetValue(channel, out var c) ? c : ResponseLimits.None;
        if (channel == Channel.Phone && PhoneAnswering is { } answering && channelLimits.FirstResponseSeconds is null)
        {
            channelLimits = channelLimits with { FirstResponseSeconds = answering.Seconds };
        }

        var classLimits = ClassFor(category)?.Limits ?? ResponseLimits.None;
        return classLimits.Over(channelLimits).Over(Defaults).Over(BuiltIn);
    }
}
