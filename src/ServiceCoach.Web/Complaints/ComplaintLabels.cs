using System.Globalization;
using ServiceCoach.Complaints;
using static ServiceCoach.Web.Localization;

namespace ServiceCoach.Web.Complaints;

/// <summary>How the complaint pages name states, clocks and times, in the current language.</summary>
internal static class ComplaintLabels
{
    public static string State(ComplaintState state) => state switch
    {
        ComplaintState.Open => T("处理中"),
        ComplaintState.Waiting => T("等待客户"),
        ComplaintState.Closed => T("已关闭"),
        _ => state.ToString(),
    };

    public static string StateClass(ComplaintState state) => state switch
    {
        ComplaintState.Closed => "pass",
        ComplaintState.Waiting => "na",
        _ => "open",
    };

    public static string ClockStatus(SlaStatus status) => status switch
    {
        SlaStatus.Active => T("计时中"),
        SlaStatus.ActiveWithBreaches => T("计时中（已超时）"),
        SlaStatus.Met => T("已达成"),
        SlaStatus.Breached => T("已超时"),
        _ => status.ToString(),
    };

    public static string ClockClass(SlaStatus status) => status switch
    {
        SlaStatus.Met => "pass",
        SlaStatus.Active => "open",
        _ => "fail",
    };

    public static string ClockName(string kind) => kind switch
    {
        ClockKinds.FirstResponse => T("首次响应"),
        ClockKinds.FirstSolution => T("初步解决方案"),
        ClockKinds.Update => T("进展更新"),
        ClockKinds.Closure => T("闭环"),
        ClockKinds.TechHandoff => T("移交技术团队"),
        ClockKinds.Commitment => T("承诺时间"),
        _ => kind,
    };

    public static string Mode(ClockMode mode) => mode == ClockMode.Business ? T("工作时间") : T("自然时间");

    /// <summary>Seconds as the standard writes them ("5分钟", "24小时", "30秒").</summary>
    public static string Duration(long seconds) => seconds < 0 ? "-" + HandlingSteps.Duration(-seconds) : HandlingSteps.Duration(seconds);

    public static string Time(DateTime? utc, TimeZoneInfo zone) =>
        utc is { } u ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(u, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—";

    public static string Time(DateTimeOffset? instant, TimeZoneInfo zone) =>
        instant is { } i ? TimeZoneInfo.ConvertTime(i, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—";

    /// <summary>A datetime-local input's value in the zone.</summary>
    public static string InputTime(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    public static string Authority(Authority authority) => authority switch
    {
        ServiceCoach.Complaints.Authority.Agent => T("一线客服"),
        ServiceCoach.Complaints.Authority.Supervisor => T("主管"),
        ServiceCoach.Complaints.Authority.Manager => T("经理"),
        ServiceCoach.Complaints.Authority.CrisisTeam => T("危机小组"),
        _ => authority.ToString(),
    };

    public static string RootCause(RootCauseCategory category) => category switch
    {
        RootCauseCategory.People => T("人员"),
        RootCauseCategory.Process => T("流程"),
        RootCauseCategory.Product => T("产品"),
        RootCauseCategory.System => T("系统"),
        RootCauseCategory.Environment => T("环境"),
        _ => category.ToString(),
    };

    public static string Stage(FeedbackStage stage) => stage switch
    {
        FeedbackStage.Collect => T("收集"),
        FeedbackStage.Classify => T("分类@@Classify"),
        FeedbackStage.Prioritise => T("排优先级"),
        FeedbackStage.Track => T("跟踪"),
        FeedbackStage.Improve => T("改进"),
        FeedbackStage.Publish => T("公示"),
        _ => stage.ToString(),
    };

    public static string Trend(ClusterTrend trend) => trend switch
    {
        ClusterTrend.New => T("新出现"),
        ClusterTrend.Rising => T("上升"),
        ClusterTrend.Steady => T("持平"),
        ClusterTrend.Falling => T("下降"),
        _ => trend.ToString(),
    };

    public static string TrendClass(ClusterTrend trend) => trend is ClusterTrend.New or ClusterTrend.Rising ? "fail" : trend == ClusterTrend.Falling ? "pass" : "na";

    public static string Fault(FaultSide side) => side switch
    {
        FaultSide.Company => T("我方"),
        FaultSide.Customer => T("客户"),
        FaultSide.ThirdParty => T("第三方"),
        FaultSide.Unknown => T("尚不清楚"),
        _ => side.ToString(),
    };

    public static string Reason(ReturnReason reason) => reason switch
    {
        ReturnReason.NoReason => T("七天无理由"),
        ReturnReason.QualityDefect => T("质量问题"),
        ReturnReason.WrongItem => T("发错货"),
        ReturnReason.DamagedInTransit => T("运输损坏"),
        _ => reason.ToString(),
    };

    public static string Packaging(PackagingState state) => state switch
    {
        PackagingState.Unopened => T("未拆封"),
        PackagingState.OpenedIntact => T("已拆封、完好"),
        PackagingState.Damaged => T("包装损坏"),
        _ => state.ToString(),
    };

    public static string Error(ComplaintError? error) => error switch
    {
        ComplaintError.NotFound => T("投诉不存在或您无权查看。"),
        ComplaintError.NotAllowed => T("您无权执行此操作。"),
        _ => T("输入有误。"),
    };
}
