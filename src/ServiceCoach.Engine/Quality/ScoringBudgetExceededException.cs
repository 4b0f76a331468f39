using System.Globalization;

namespace ServiceCoach.Quality;

/// <summary>
/// Scoring one conversation took more work units than its budget (<see cref="QualityEngine.WorkBudget"/>):
/// the conversation gets an <c>error</c> outcome instead of a scorecard, and the rest of a run goes on.
/// Work is counted, never timed, so the same standard and conversation fail the same way everywhere.
/// </summary>
public sealed class ScoringBudgetExceededException : Exception
{
    public ScoringBudgetExceededException(string conversationId, string item, string? condition, long budget)
        : base(Describe(item, condition, budget))
    {
        ConversationId = conversationId;
        Item = item;
        Condition = condition;
        Budget = budget;
    }

    public ScoringBudgetExceededException()
        : this("", "", null, 0)
    {
    }

    public ScoringBudgetExceededException(string message)
        : base(message)
    {
        ConversationId = Item = "";
    }

    public ScoringBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
        ConversationId = Item = "";
    }

    public string ConversationId { get; }

    /// <summary>What was being evaluated: <c>check 'id'</c>, <c>tag 'id'</c>, <c>risk signal 'id'</c> or <c>normalisation</c>.</summary>
    public string Item { get; }

    /// <summary>The condition whose operators spent the last of the budget; null when none was running.</summary>
    public string? Condition { get; }

    /// <summary>The budget in work units.</summary>
    public long Budget { get; }

    private static string Describe(string item, string? condition, long budget)
    {
        var limit = budget.ToString("N0", CultureInfo.InvariantCulture);
        var where = condition is null ? item : $"{item}, condition '{condition}'";
        return $"评分超出工作量上限：{where} 用尽了每个会话 {limit} 个工作单位的预算 (scoring budget exceeded at {where}: the limit is {limit} work units per conversation)";
    }
}
