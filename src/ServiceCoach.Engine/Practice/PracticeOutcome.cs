namespace ServiceCoach.Practice;

/// <summary>How a practice conversation ended.</summary>
public enum PracticeOutcome
{
    /// <summary>Every need was met and the customer calmed down enough to accept.</summary>
    Resolved,

    /// <summary>The customer was handed on: they demanded a supervisor, or the learner transferred them before the case was solved.</summary>
    Escalated,

    /// <summary>The customer left: their emotion reached 100.</summary>
    Abandoned,

    /// <summary>The learner's replies ran out (the scenario's limit, the end of a replies file, or the learner stopped).</summary>
    TurnLimit,
}

/// <summary>The outcome names used in files, JSON and expressions.</summary>
public static class PracticeOutcomes
{
    public static IReadOnlyList<string> Names { get; } = ["resolved", "escalated", "abandoned", "turn-limit"];

    public static string Name(PracticeOutcome outcome) => outcome switch
    {
        PracticeOutcome.Resolved => "resolved",
        PracticeOutcome.Escalated => "escalated",
        PracticeOutcome.Abandoned => "abandoned",
        _ => "turn-limit",
    };

    public static PracticeOutcome? Parse(string? name) => name switch
    {
        "resolved" => PracticeOutcome.Resolved,
        "escalated" => PracticeOutcome.Escalated,
        "abandoned" => PracticeOutcome.Abandoned,
        "turn-limit" => PracticeOutcome.TurnLimit,
        _ => null,
    };

    /// <summary>解决 / 升级 / 客户离开 / 轮次用尽.</summary>
    public static string ChineseName(PracticeOutcome outcome) => outcome switch
    {
        PracticeOutcome.Resolved => "已解决",
        PracticeOutcome.Escalated => "已升级",
        PracticeOutcome.Abandoned => "客户离开",
        _ => "轮次用尽",
    };
}
