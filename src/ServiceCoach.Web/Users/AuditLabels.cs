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
        "calendar.save" => T("保存工作日历"),
        "calendar.team" => T("设置团队日历"),
        "calibration.close" => T("结束校准"),
        "calibration.create" => T("新建校准"),
        "certificate.issue" => T("颁发证书@@Issued a certificate"),
        "check.override" => T("复核改判检查项"),
        "cohort.add-members" => T("班期添加学员"),
        "cohort.create" => T("新建班期@@Created a cohort"),
        "complaint.close" => T("结案投诉"),
        "complaint.compensation" => T("决定补偿"),
        "complaint.create" => T("登记投诉"),
        "complaint.follow-up" => T("投诉回访"),
        "complaint.level-escalation" => T("投诉升级"),
        "complaint.level-override" => T("调整投诉等级"),
        "complaint.return" => T("退回投诉"),
        "complaint.root-cause" => T("记录根因"),
        "complaint.step" => T("投诉处理步骤"),
        "complaint.take-over" => T("接手投诉"),
        "complaint.tech-handover" => T("转技术处理"),
        "complaint.wait" => T("投诉等待"),
        "conversations.import" => T("导入会话@@Imported conversations"),
        "crisis-template.save" => T("保存危机模板"),
        "dispute.raise" => T("提出申诉"),
        "dispute.reject" => T("驳回申诉"),
        "dispute.uphold" => T("申诉成立@@Upheld a dispute"),
        "exam.auto-submit" => T("考试自动交卷"),
        "exam.create" => T("新建考试"),
        "exam.grade" => T("阅卷@@Graded an exam"),
        "exam.start" => T("开始考试@@Started an exam"),
        "exam.update" => T("修改考试"),
        "improvement.create" => T("新建改进项"),
        "improvement.stage" => T("改进项进展"),
        "module.complete" => T("完成培训模块"),
        "notifications.team-settings" => T("设置团队通知"),
        "practical.record" => T("记录实操成绩@@Recorded a practical result"),
        "programme.copy" => T("复制培训计划"),
        "programme.update" => T("修改培训计划"),
        "question.archive" => T("归档试题"),
        "questions.import" => T("导入试题"),
        "review.complete" => T("完成复核"),
        "review.resample" => T("重新抽样"),
        "role.change" => T("修改角色"),
        "sampling.add" => T("新建抽样规则"),
        "sampling.enable" => T("启用/停用抽样规则"),
        "sampling.update" => T("修改抽样规则"),
        "session.attendance" => T("记录出勤"),
        "session.create" => T("新建课程"),
        "session.schedule" => T("安排课程"),
        "staff.import" => T("导入人员"),
        "standard.activate" => T("启用标准版本"),
        "standard.upload" => T("上传标准版本"),
        "team.create" => T("新建团队@@Created a team"),
        "token.create" => T("创建 API 令牌"),
        "token.revoke" => T("撤销 API 令牌"),
        "user.agent" => T("设置客服工号与团队"),
        "user.create" => T("新建用户@@Created a user"),
        "user.disable" => T("停用账号@@Disabled an account"),
        "user.enable" => T("启用账号"),
        "user.password-change" => T("修改自己的密码"),
        "user.password-reset" => T("重置密码@@Reset a password"),
        "user.supervises" => T("设置主管的团队"),
        "user.tokens-revoke" => T("撤销全部令牌"),
        "user.unlock" => T("解除锁定"),
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
        JsonValueKind.True => T("是"),
        JsonValueKind.False => T("否"),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind is JsonValueKind.String or JsonValueKind.Number) =>
            string.Join(", ", value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText())),
        _ => value.GetRawText(),
    };
}
