using System.Globalization;
using ServiceCoach.Complaints;
using static ServiceCoach.Web.Localization;

namespace ServiceCoach.Web.Complaints;

/// <summary>How the complaint pages name states, clocks and times, in the current language.</summary>
internal static class ComplaintLabels
{
    /// <summary>Where a time is shown when no team calendar is at hand (the list): the shipped calendar's zone.</summary>
    public static TimeZoneInfo DefaultZone => BusinessCalendarLoader.Shipped.Zone;

    public static string State(ComplaintState state) => state switch
    {
        ComplaintState.Open => T("处理中", "Open"),
        ComplaintState.Waiting => T("等待客户", "Waiting for customer"),
        ComplaintState.Closed => T("已关闭", "Closed"),
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
        SlaStatus.Active => T("计时中", "Active"),
        SlaStatus.ActiveWithBreaches => T("计时中（已超时）", "Active, breached"),
        SlaStatus.Met => T("已达成", "Met"),
        SlaStatus.Breached => T("已超时", "Breached"),
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
        ClockKinds.FirstResponse => T("首次响应", "First response"),
        ClockKinds.FirstSolution => T("初步解决方案", "First solution"),
        ClockKinds.Update => T("进展更新", "Progress update"),
        ClockKinds.Closure => T("闭环", "Closure"),
        ClockKinds.TechHandoff => T("移交技术团队", "Tech hand-off"),
        ClockKinds.Commitment => T("承诺时间", "Committed time"),
        _ => kind,
    };

    public static string Mode(ClockMode mode) => mode == ClockMode.Business ? T("工作时间", "business hours") : T("自然时间", "round the clock");

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
        ServiceCoach.Complaints.Authority.Agent => T("一线客服", "Agent"),
        ServiceCoach.Complaints.Authority.Supervisor => T("主管", "Supervisor"),
        ServiceCoach.Complaints.Authority.Manager => T("经理", "Manager"),
        ServiceCoach.Complaints.Authority.CrisisTeam => T("危机小组", "Crisis team"),
        _ => authority.ToString(),
    };

    public static string RootCause(RootCauseCategory category) => category switch
    {
        RootCauseCategory.People => T("人员", "People"),
        RootCauseCategory.Process => T("流程", "Process"),
        RootCauseCategory.Product => T("产品", "Product"),
        RootCauseCategory.System => T("系统", "System"),
        RootCauseCategory.Environment => T("环境", "Environment"),
        _ => category.ToString(),
    };

    public static string Stage(FeedbackStage stage) => stage switch
    {
        FeedbackStage.Collect => T("收集", "Collect"),
        FeedbackStage.Classify => T("分类", "Classify"),
        FeedbackStage.Prioritise => T("排优先级", "Prioritise"),
        FeedbackStage.Track => T("跟踪", "Track"),
        FeedbackStage.Improve => T("改进", "Improve"),
        FeedbackStage.Publish => T("公示", "Publish"),
        _ => stage.ToString(),
    };

    public static string Trend(ClusterTrend trend) => trend switch
    {
        ClusterTrend.New => T("新出现", "New"),
        ClusterTrend.Rising => T("上升", "Rising"),
        ClusterTrend.Steady => T("持平", "Steady"),
        ClusterTrend.Falling => T("下降", "Falling"),
        _ => trend.ToString(),
    };

    public static string TrendClass(ClusterTrend trend) => trend is ClusterTrend.New or ClusterTrend.Rising ? "fail" : trend == ClusterTrend.Falling ? "pass" : "na";

    public static string Fault(FaultSide side) => side switch
    {
        FaultSide.Company => T("我方", "Our side"),
        FaultSide.Customer => T("客户", "Customer"),
        FaultSide.ThirdParty => T("第三方", "Third party"),
        FaultSide.Unknown => T("尚不清楚", "Unknown"),
        _ => side.ToString(),
    };

    public static string Reason(ReturnReason reason) => reason switch
    {
        ReturnReason.NoReason => T("七天无理由", "No reason"),
        ReturnReason.QualityDefect => T("质量问题", "Quality defect"),
        ReturnReason.WrongItem => T("发错货", "Wrong item"),
        ReturnReason.DamagedInTransit => T("运输损坏", "Damaged in transit"),
        _ => reason.ToString(),
    };

    public static string Packaging(PackagingState state) => state switch
    {
        PackagingState.Unopened => T("未拆封", "Unopened"),
        PackagingState.OpenedIntact => T("已拆封、完好", "Opened, intact"),
        PackagingState.Damaged => T("包装损坏", "Damaged"),
        _ => state.ToString(),
    };

    public static string Error(ComplaintError? error) => error switch
    {
        ComplaintError.NotFound => T("投诉不存在或您无权查看。", "No such complaint, or not yours to see."),
        ComplaintError.NotAllowed => T("您无权执行此操作。", "You may not do this."),
        _ => T("输入有误。", "Invalid input."),
    };
}
