using System.Globalization;
using ServiceCoach.Quality;
using static ServiceCoach.Web.Localization;

namespace ServiceCoach.Web.Quality;

/// <summary>How review things are named on the pages, in the current language.</summary>
public static class ReviewLabels
{
    public static string Kind(SamplingKind kind) => kind switch
    {
        SamplingKind.RandomPercent => T("随机抽检（比例 %）"),
        SamplingKind.AllFatal => T("致命项全检"),
        SamplingKind.GradeAtOrBelow => T("等级不高于"),
        SamplingKind.CsatAtOrBelow => T("满意度不高于"),
        SamplingKind.Tag => T("出现行为标签"),
        SamplingKind.CheckFailed => T("检查项未通过"),
        SamplingKind.RiskAtLeast => T("不满意风险不低于"),
        SamplingKind.TenureWithinDays => T("入职未满（天）"),
        _ => kind.ToString(),
    };

    /// <summary>What the parameter means for a kind of rule (placeholder and help text).</summary>
    public static string ParameterHint(SamplingKind kind) => kind switch
    {
        SamplingKind.RandomPercent => T("0–100，例如 5"),
        SamplingKind.AllFatal => T("无需参数"),
        SamplingKind.GradeAtOrBelow => T("等级，例如 C"),
        SamplingKind.CsatAtOrBelow => T("1–5，例如 2"),
        SamplingKind.Tag => T("标签 id，例如 customer-angry"),
        SamplingKind.CheckFailed => T("检查项 id，例如 agent-greets"),
        SamplingKind.RiskAtLeast => T("0–1，例如 0.6"),
        SamplingKind.TenureWithinDays => T("1–3650 天，例如 90"),
        _ => "",
    };

    public static string Describe(SamplingKind kind, string parameter) => kind switch
    {
        SamplingKind.RandomPercent => T("随机抽取 {0}% 的已评分会话", parameter),
        SamplingKind.AllFatal => T("所有触发致命项的会话"),
        SamplingKind.GradeAtOrBelow => T("所有等级为 {0} 或更低的会话", parameter),
        SamplingKind.CsatAtOrBelow => T("所有满意度 ≤ {0} 的会话", parameter),
        SamplingKind.Tag => Format(T("所有出现行为标签 {0} 的会话"), parameter),
        SamplingKind.CheckFailed => Format(T("所有检查项 {0} 未通过的会话"), parameter),
        SamplingKind.RiskAtLeast => Format(T("所有不满意风险 ≥ {0} 的会话"), parameter),
        SamplingKind.TenureWithinDays => Format(T("入职未满 {0} 天的客服的所有会话（按组织时区的今天计算；人员名单中没有入职日期的客服不会被选中）"), parameter),
        _ => parameter,
    };

    /// <summary>The per-team quota as the rule list shows it.</summary>
    public static string Quota(int? teamDailyQuota) => teamDailyQuota is { } quota
        ? Format(T("每组每天最多 {0} 条"), quota.ToString(CultureInfo.InvariantCulture))
        : T("每组每天不限");

    /// <summary>Fills the current language's text (a different format per language, so there is no single CompositeFormat to cache).</summary>
#pragma warning disable CA1863
    private static string Format(string format, string argument) => string.Format(CultureInfo.CurrentCulture, format, argument);
#pragma warning restore CA1863

    public static string Judgement(JudgementKind kind) => kind switch
    {
        JudgementKind.Override => T("复核改判"),
        JudgementKind.DisputeUpheld => T("申诉成立@@Dispute upheld"),
        _ => T("申诉驳回，维持原判"),
    };

    public static string State(DisputeState state) => state switch
    {
        DisputeState.Open => T("待处理@@open"),
        DisputeState.Upheld => T("申诉成立@@upheld"),
        DisputeState.Rejected => T("维持原判@@rejected (2)"),
        _ => state.ToString(),
    };

    public static string StateClass(DisputeState state) => state switch
    {
        DisputeState.Upheld => "pass",
        DisputeState.Rejected => "fail",
        _ => "",
    };

    public static string Outcome(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Pass => T("通过@@pass"),
        CheckOutcome.Fail => T("未通过@@fail"),
        _ => T("不适用@@n/a"),
    };

    public static string Message(InputProblem problem) => Pick(problem.Chinese, problem.English);

    public static string Message(DisputeError error)
    {
        var (chinese, english) = Disputes.Describe(error);
        return Pick(chinese, english);
    }

    /// <summary>A 0–1 share as a whole percent ("83%"), or a dash.</summary>
    public static string Percent(double? share) => share is { } s ? (s * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "—";

    public static string Kappa(double? kappa) => kappa is { } k ? k.ToString("0.00", CultureInfo.InvariantCulture) : "—";

    /// <summary>Landis and Koch's reading of kappa, the usual one in QA calibration.</summary>
    public static string KappaReading(double? kappa) => kappa switch
    {
        null => T("无法计算（判断全都相同或不足两人）"),
        < 0 => T("差于随机"),
        <= 0.20 => T("轻微一致"),
        <= 0.40 => T("一般一致"),
        <= 0.60 => T("中等一致"),
        <= 0.80 => T("高度一致"),
        _ => T("几乎完全一致"),
    };

}
