namespace ServiceCoach.Practice;

/// <summary>A scenario category: a stable English id (used in files and JSON) and its names.</summary>
public sealed record ScenarioCategory(string Id, string Name, string EnglishName);

/// <summary>
/// The categories of the scenario library (R-PRA-1 and the list). The Chinese name becomes
/// the practice conversation's category, so the standard's inquiry classes (技术故障 and 投诉 are
/// "complex" in the default standard) apply to practice as to real conversations.
/// </summary>
public static class ScenarioCategories
{
    public static IReadOnlyList<ScenarioCategory> All { get; } =
    [
        new("complaint", "投诉", "Complaint"),
        new("emergency", "紧急事件", "Emergency"),
        new("cross-department", "跨部门协作", "Cross-department handoff"),
        new("technical-fault", "技术故障", "Technical fault"),
        new("returns", "退换货", "Returns and exchanges"),
        new("product-explanation", "产品讲解", "Product explanation"),
        new("billing", "账单费用", "Billing"),
        new("cross-cultural", "跨文化沟通", "Cross-cultural"),
        new("elderly", "老年客户", "Elderly customer"),
        new("vip", "VIP客户", "VIP / P1 customer"),
    ];

    public static bool Exists(string id) => All.Any(c => c.Id == id);

    /// <summary>The Chinese name of a category id, or the id itself when unknown.</summary>
    public static string NameOf(string id) => All.FirstOrDefault(c => c.Id == id)?.Name ?? id;

    public static string EnglishNameOf(string id) => All.FirstOrDefault(c => c.Id == id)?.EnglishName ?? id;

    /// <summary>1 初级, 2 中级, 3 高级.</summary>
    public static string DifficultyName(int difficulty) => difficulty switch
    {
        1 => "初级",
        2 => "中级",
        3 => "高级",
        _ => difficulty.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string DifficultyEnglishName(int difficulty) => difficulty switch
    {
        1 => "Beginner",
        2 => "Intermediate",
        3 => "Advanced",
        _ => difficulty.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
