namespace ServiceCoach.Complaints;

/// <summary>Fishbone (Ishikawa) root-cause categories (R-CMP-8).</summary>
public enum RootCauseCategory
{
    /// <summary>人 — skills, attitude, staffing.</summary>
    People,

    /// <summary>流程 — a process defect (the documents say 80 % of complaints).</summary>
    Process,

    /// <summary>产品 — the product itself.</summary>
    Product,

    /// <summary>系统 — tools and IT systems.</summary>
    System,

    /// <summary>环境 — external conditions: carriers, weather, regulation.</summary>
    Environment,
}

/// <summary>The stages of the feedback loop (R-CMP-9), in order; after Publish the loop collects again.</summary>
public enum FeedbackStage
{
    Collect,
    Classify,
    Prioritise,
    Track,
    Improve,
    Publish,
}

/// <summary>How many complaints a root-cause category explains, and its share of those with a cause.</summary>
public sealed record RootCauseShare(RootCauseCategory Category, int Count, decimal Percent);

/// <summary>Completion of one feedback-loop stage: items that have reached it or gone past it.</summary>
public sealed record StageCompletion(FeedbackStage Stage, int Reached, int Total, decimal Percent);

/// <summary>Small formulas for learning from complaints: root-cause shares, CSAT from follow-ups, the loop board, impact.</summary>
public static class ComplaintLearning
{
    public static string Name(RootCauseCategory category) => category switch
    {
        RootCauseCategory.People => "人员",
        RootCauseCategory.Process => "流程",
        RootCauseCategory.Product => "产品",
        RootCauseCategory.System => "系统",
        _ => "环境",
    };

    public static string Name(FeedbackStage stage) => stage switch
    {
        FeedbackStage.Collect => "收集",
        FeedbackStage.Classify => "分类",
        FeedbackStage.Prioritise => "优先级排序",
        FeedbackStage.Track => "跟踪",
        FeedbackStage.Improve => "改进",
        _ => "公示",
    };

    /// <summary>Each category's count and share (percent, one decimal) of the complaints that have a root cause.</summary>
    public static IReadOnlyList<RootCauseShare> Shares(IEnumerable<RootCauseCategory> causes)
    {
        var counts = Enum.GetValues<RootCauseCategory>().ToDictionary(c => c, _ => 0);
        foreach (var cause in causes)
        {
            counts[cause]++;
        }

        var total = counts.Values.Sum();
        return [.. counts.Select(kv => new RootCauseShare(kv.Key, kv.Value, total == 0 ? 0 : Math.Round(100m * kv.Value / total, 1, MidpointRounding.AwayFromZero)))];
    }

    /// <summary>CSAT in percent: the share of ratings at or above <paramref name="satisfiedAtLeast"/> on the 5-point scale; null without ratings.</summary>
    public static decimal? Csat(IEnumerable<int> ratings, int satisfiedAtLeast = 4)
    {
        var list = ratings.Where(r => r is >= 1 and <= 5).ToArray();
        return list.Length == 0 ? null : Math.Round(100m * list.Count(r => r >= satisfiedAtLeast) / list.Length, 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>The board's completion per stage: of all items, how many have reached each stage or gone past it.</summary>
    public static IReadOnlyList<StageCompletion> Completion(IEnumerable<FeedbackStage> itemStages)
    {
        var stages = itemStages.ToArray();
        return [.. Enum.GetValues<FeedbackStage>().Select(stage =>
        {
            var reached = stages.Count(s => s >= stage);
            return new StageCompletion(stage, reached, stages.Length, stages.Length == 0 ? 0 : Math.Round(100m * reached / stages.Length, 1, MidpointRounding.AwayFromZero));
        })];
    }

    /// <summary>
    /// Impact for prioritising improvements (影响度): distinct customers affected, weighted by the
    /// highest complaint level among them (rank 1 = lowest) and doubled when the trend is rising.
    /// </summary>
    public static int Impact(int distinctCustomers, int highestLevelRank, bool rising) =>
        checked(distinctCustomers * Math.Max(1, highestLevelRank) * (rising ? 2 : 1));
}
