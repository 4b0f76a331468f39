using System.Globalization;
using System.Text.Json;
using static ServiceCoach.Web.Localization;

namespace ServiceCoach.Web.Users;

/// <summary>The audit log in words: what an action means, and its details as "field: value" rather than JSON.</summary>
internal static class AuditLabels
{
    /// <summary>A plain name for an action; the stored name stays beside it for searching and the API.</summary>
    public static string Action(string action) => action switch
    {
        "calendar.save" => T("保存工作日历", "Saved a business calendar"),
        "calendar.team" => T("设置团队日历", "Set a team's calendar"),
        "calibration.close" => T("结束校准", "Closed a calibration round"),
        "calibration.create" => T("新建校准", "Created a calibration round"),
        "certificate.issue" => T("颁发证书", "Issued a certificate"),
        "check.override" => T("复核改判检查项", "Overrode a check"),
        "cohort.add-members" => T("班期添加学员", "Added members to a cohort"),
        "cohort.create" => T("新建班期", "Created a cohort"),
        "complaint.close" => T("结案投诉", "Closed a complaint"),
        "complaint.compensation" => T("决定补偿", "Decided compensation"),
        "complaint.create" => T("登记投诉", "Opened a complaint"),
        "complaint.follow-up" => T("投诉回访", "Followed up a complaint"),
        "complaint.level-escalation" => T("投诉升级", "Escalated a complaint"),
        "complaint.level-override" => T("调整投诉等级", "Changed a complaint's level"),
        "complaint.return" => T("退回投诉", "Returned a complaint"),
        "complaint.root-cause" => T("记录根因", "Recorded a root cause"),
        "complaint.step" => T("投诉处理步骤", "Recorded a complaint step"),
        "complaint.take-over" => T("接手投诉", "Took over a complaint"),
        "complaint.tech-handover" => T("转技术处理", "Handed a complaint to technicians"),
        "complaint.wait" => T("投诉等待", "Put a complaint on hold"),
        "conversations.import" => T("导入会话", "Imported conversations"),
        "crisis-template.save" => T("保存危机模板", "Saved a crisis template"),
        "dispute.raise" => T("提出申诉", "Raised a dispute"),
        "dispute.reject" => T("驳回申诉", "Rejected a dispute"),
        "dispute.uphold" => T("申诉成立", "Upheld a dispute"),
        "exam.auto-submit" => T("考试自动交卷", "Submitted an exam at its deadline"),
        "exam.create" => T("新建考试", "Created an exam"),
        "exam.grade" => T("阅卷", "Graded an exam"),
        "exam.start" => T("开始考试", "Started an exam"),
        "exam.update" => T("修改考试", "Changed an exam"),
        "improvement.create" => T("新建改进项", "Created an improvement"),
        "improvement.stage" => T("改进项进展", "Moved an improvement on"),
        "module.complete" => T("完成培训模块", "Completed a module"),
        "notifications.team-settings" => T("设置团队通知", "Set a team's notifications"),
        "practical.record" => T("记录实操成绩", "Recorded a practical result"),
        "programme.copy" => T("复制培训计划", "Copied a programme"),
        "programme.update" => T("修改培训计划", "Changed a programme"),
        "question.archive" => T("归档试题", "Archived a question"),
        "questions.import" => T("导入试题", "Imported questions"),
        "review.complete" => T("完成复核", "Completed a review"),
        "review.resample" => T("重新抽样", "Resampled the review queue"),
        "role.change" => T("修改角色", "Changed roles"),
        "sampling.add" => T("新建抽样规则", "Added a sampling rule"),
        "sampling.enable" => T("启用/停用抽样规则", "Enabled or disabled a sampling rule"),
        "sampling.update" => T("修改抽样规则", "Changed a sampling rule"),
        "session.attendance" => T("记录出勤", "Recorded attendance"),
        "session.create" => T("新建课程", "Created a session"),
        "session.schedule" => T("安排课程", "Scheduled a session"),
        "staff.import" => T("导入人员", "Imported staff"),
        "standard.activate" => T("启用标准版本", "Activated a standard version"),
        "standard.upload" => T("上传标准版本", "Uploaded a standard version"),
        "team.create" => T("新建团队", "Created a team"),
        "token.create" => T("创建 API 令牌", "Created an API token"),
        "token.revoke" => T("撤销 API 令牌", "Revoked an API token"),
        "user.agent" => T("设置客服工号与团队", "Set an agent's code and team"),
        "user.create" => T("新建用户", "Created a user"),
        "user.disable" => T("停用账号", "Disabled an account"),
        "user.enable" => T("启用账号", "Enabled an account"),
        "user.password-change" => T("修改自己的密码", "Changed their own password"),
        "user.password-reset" => T("重置密码", "Reset a password"),
        "user.supervises" => T("设置主管的团队", "Set the teams a supervisor leads"),
        "user.tokens-revoke" => T("撤销全部令牌", "Revoked all tokens"),
        "user.unlock" => T("解除锁定", "Unlocked an account"),
        _ => action,
    };

    /// <summary>The details' top-level fields as "field: value" lines; nested values stay compact JSON. Not JSON at all: as stored.</summary>
    public static IReadOnlyList<string> Details(string details)
    {
        try
        {
            using var document = JsonDocument.Parse(details);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [details];
            }

            return [.. document.RootElement.EnumerateObject().Select(p => p.Name + ": " + Value(p.Value))];
        }
        catch (JsonException)
        {
            return [details];
        }
    }

    private static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null => "—",
        JsonValueKind.True => T("是", "yes"),
        JsonValueKind.False => T("否", "no"),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind is JsonValueKind.String or JsonValueKind.Number) =>
            string.Join(", ", value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText())),
        _ => value.GetRawText(),
    };
}
