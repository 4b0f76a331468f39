using System.Globalization;
using ServiceCoach.Practice;
using static ServiceCoach.Web.Localization;

namespace ServiceCoach.Web.Practice;

/// <summary>How practice values read on the pages, in the viewer's language.</summary>
internal static class PracticeLabels
{
    public static string Category(string id) => Pick(ScenarioCategories.NameOf(id), ScenarioCategories.EnglishNameOf(id));

    public static string Difficulty(int difficulty) => Pick(ScenarioCategories.DifficultyName(difficulty), ScenarioCategories.DifficultyEnglishName(difficulty));

    public static string Outcome(string? outcome) => PracticeOutcomes.Parse(outcome) switch
    {
        PracticeOutcome.Resolved => T("已解决"),
        PracticeOutcome.Escalated => T("已转交上级"),
        PracticeOutcome.Abandoned => T("客户离开"),
        PracticeOutcome.TurnLimit => T("回合用完"),
        _ => T("进行中@@in progress"),
    };

    public static string OutcomeClass(string? outcome) => PracticeOutcomes.Parse(outcome) switch
    {
        PracticeOutcome.Resolved => "pass",
        null => "open",
        _ => "fail",
    };

    public static string Channel(Conversations.Channel channel) => channel switch
    {
        Conversations.Channel.Phone => T("电话@@Phone"),
        Conversations.Channel.Email => T("邮件@@E-mail"),
        _ => T("在线聊天"),
    };

    public static string Temperament(Temperament temperament) => temperament switch
    {
        ServiceCoach.Practice.Temperament.Calm => T("平和"),
        ServiceCoach.Practice.Temperament.Irritable => T("急躁"),
        _ => T("一般"),
    };

    /// <summary>The emotion in words, for the meter: the number alone means little to a learner.</summary>
    public static string Emotion(int emotion) => emotion switch
    {
        >= 80 => T("非常愤怒"),
        >= 60 => T("生气"),
        >= 40 => T("不满"),
        >= 20 => T("有些着急"),
        _ => T("平静"),
    };

    public static string Score(double? score) => score is { } s ? s.ToString("0.#", CultureInfo.InvariantCulture) : "—";

    public static string Score(decimal score) => score.ToString("0.#", CultureInfo.InvariantCulture);
}
