using ServiceCoach.Users;
using static ServiceCoach.Web.Localization;

namespace ServiceCoach.Web.Users;

/// <summary>Small helpers the administration pages share: links, role names in the current language, posted checkbox groups.</summary>
public static class UserLinks
{
    public static string Page(string userId) => $"/admin/users/{Uri.EscapeDataString(userId)}";

    public static string RoleName(string role) => role switch
    {
        Roles.Admin => T("管理员"),
        Roles.Supervisor => T("主管"),
        Roles.Trainer => T("培训师"),
        Roles.QaInspector => T("质检员@@QA inspector"),
        Roles.Agent => T("客服"),
        _ => role,
    };

    /// <summary>The values of a group of checkboxes sharing one name (Blazor's form binding expects indexed names, browsers repeat the name).</summary>
    public static HashSet<string> Posted(HttpContext? context, string name) =>
        context?.Request.HasFormContentType == true ? [.. context.Request.Form[name].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)] : [];
}
