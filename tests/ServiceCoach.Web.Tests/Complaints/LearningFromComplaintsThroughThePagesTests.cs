using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using ServiceCoach.Data;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Complaints;

/// <summary>
/// The pages the complaint forms return to: the improvement board (clusters, root-cause shares,
/// items linked to complaints moving through the stages), crisis templates checked against
/// 30/50/20, the business calendars with 调休 and their validation, the team notification settings,
/// and the new-complaint form prefilled from a conversation the agent may see (and only then).
/// </summary>
public sealed partial class LearningFromComplaintsThroughThePagesTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Supervisor_SeesClustersAndRootCauses_LinksAnImprovementToComplaints_AndMovesItThroughTheStages(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(HandlingAComplaintTests.MondayMorning);
        await using var app = await ServiceCoachApp.StartAsync(provider, clock: clock);
        using var agent = await CookieSession.SignInAsync(app, "a-101");
        var first = await OpenAsync(agent, "快递三天没有物流信息", "我的快递三天没有物流信息，一直不更新", "u-7001");
        var second = await OpenAsync(agent, "快递物流信息三天不更新", "快递三天没有物流信息，请帮忙查一下", "u-7002");
        var cause = await agent.PostFormAsync(Page(first), $"/complaints/{first}/root-cause", new() { ["category"] = "Process", ["why"] = "交接流程缺失" });
        Assert.Contains("saved=1", cause.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var supervisor = await CookieSession.SignInAsync(app, await app.SupervisorOfAsync("a-101"));
        var board = await supervisor.GetPageAsync("/complaints/board");
        Assert.Contains("改进闭环看板", board);
        var cluster = ClusterRow().Match(board);
        Assert.True(cluster.Success, "the two complaints about the same problem form a cluster");
        Assert.Contains($"href=\"/complaints/{first}\"", cluster.Value, StringComparison.Ordinal);
        Assert.Contains($"href=\"/complaints/{second}\"", cluster.Value, StringComparison.Ordinal);
        Assert.Contains("流程缺陷占 100%（1 条已分析投诉中）", board);
        Assert.Contains("还没有改进项", board);

        var added = await supervisor.PostFormAsync("/complaints/board", "/complaints/board", new()
        {
            ["title"] = "物流信息同步改为每小时",
            ["complaints"] = $"#{first}, {second}",
        });
        Assert.Equal("/complaints/board?saved=1", added.Headers.Location!.ToString());
        board = await supervisor.GetPageAsync("/complaints/board");
        var item = ImprovementRow().Match(board);
        Assert.True(item.Success, "the improvement is listed");
        Assert.Contains($"href=\"/complaints/{first}\"", item.Value, StringComparison.Ordinal);
        Assert.Contains($"href=\"/complaints/{second}\"", item.Value, StringComparison.Ordinal);
        Assert.Matches(StageRow("Classify", "1 / 1"), board);
        Assert.Matches(StageRow("Prioritise", "0 / 1"), board);

        var moved = await supervisor.PostFormAsync("/complaints/board", $"/complaints/board/{item.Groups[1].Value}/stage", new() { ["stage"] = "Publish" });
        Assert.Equal("/complaints/board?saved=1", moved.Headers.Location!.ToString());
        board = await supervisor.GetPageAsync("/complaints/board?days=abc");
        Assert.Matches(StageRow("Publish", "1 / 1"), board);

        var refused = await agent.Client.GetAsync("/complaints/board", TestContext.Current.CancellationToken);
        Assert.Contains("/account/access-denied", refused.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Templates_Calendars_AndNotificationSettings_SaveWhatIsRight_AndSayWhatIsWrong(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(HandlingAComplaintTests.MondayMorning);
        await using var app = await ServiceCoachApp.StartAsync(provider, clock: clock);
        using var supervisor = await CookieSession.SignInAsync(app, await app.SupervisorOfAsync("a-101"));
        using var admin = await CookieSession.SignInAsync(app, DemoSeeder.AdminUserName);

        // A statement that is nearly all apology: the check says the apology is too long and the solution too short.
        var saved = await supervisor.PostFormAsync("/complaints/templates", "/complaints/templates", new()
        {
            ["title"] = "物流延误致歉声明",
            ["apology"] = "我们对此次物流延误给您带来的不便深表歉意，这是我们的责任，我们非常抱歉，再次向每一位受影响的客户诚恳道歉。",
            ["solution"] = "加急派送。",
            ["commitment"] = "今后改进。",
        });
        var location = saved.Headers.Location!.ToString();
        Assert.Matches("^/complaints/templates\\?id=[0-9]+&saved=1$", location);
        var template = await supervisor.GetPageAsync(location);
        Assert.Contains("不平衡", template);
        Assert.Contains("偏多，请精简", template);
        Assert.Contains("偏少，请补充", template);
        Assert.Contains("物流延误致歉声明", template);

        var calendars = await supervisor.GetPageAsync("/complaints/calendars");
        Assert.Matches(new Regex("data-testid=\"day-2026-01-04\">(?:(?!</tr>).)*周日(?:(?!</tr>).)*调休上班", RegexOptions.Singleline), calendars);
        Assert.Matches(new Regex("data-testid=\"day-2026-10-01\">(?:(?!</tr>).)*法定节假日", RegexOptions.Singleline), calendars);
        Assert.DoesNotContain("校验并保存", calendars);
        Assert.Contains("校验并保存", await admin.GetPageAsync("/complaints/calendars"));

        var broken = await admin.PostFormAsync("/complaints/calendars", "/complaints/calendars", new() { ["yaml"] = "id: broken\ntimeZone: Mars/Olympus\n" });
        var brokenPage = await admin.GetPageAsync(broken.Headers.Location!.ToString());
        Assert.Contains("日历有误，未保存", brokenPage);
        Assert.Matches("<li>[0-9]+:[0-9]+ ", brokenPage);

        var team = await app.TeamOfAsync("a-101");
        var teamUrl = "/notifications/teams/" + team.ToString(CultureInfo.InvariantCulture);
        var insecure = await supervisor.PostFormAsync("/notifications/settings", teamUrl, new() { ["wecom"] = "http://example.test/hook" });
        Assert.Contains("必须是 https 地址", await supervisor.GetPageAsync(insecure.Headers.Location!.ToString()), StringComparison.Ordinal);
        var hook = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test-key";
        var ok = await supervisor.PostFormAsync("/notifications/settings", teamUrl, new() { ["email"] = "true", ["wecom"] = hook });
        Assert.Equal("/notifications/settings?saved=1", ok.Headers.Location!.ToString());
        var settings = await supervisor.GetPageAsync(ok.Headers.Location!.ToString());
        Assert.Contains(WebUtility.HtmlEncode(hook), settings, StringComparison.Ordinal);
        Assert.Contains("已保存", settings);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task TheNewComplaintForm_IsPrefilledFromAConversationTheAgentMaySee_AndFromNoOther(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(HandlingAComplaintTests.MondayMorning);
        await using var app = await ServiceCoachApp.StartAsync(provider, clock: clock);
        using var agent = await CookieSession.SignInAsync(app, "a-101");
        string own, others;
        await using (var db = await app.Service<IDbContextFactory<ServiceCoachDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            var code = await db.Users.Where(u => u.UserName == "a-101").Select(u => u.AgentCode).FirstAsync(TestContext.Current.CancellationToken);
            own = await db.Conversations.Where(c => c.AgentCode == code).OrderBy(c => c.ExternalId).Select(c => c.ExternalId).FirstAsync(TestContext.Current.CancellationToken);
            others = await db.Conversations.Where(c => c.AgentCode != code).OrderBy(c => c.ExternalId).Select(c => c.ExternalId).FirstAsync(TestContext.Current.CancellationToken);
        }

        var conversationPage = await agent.GetPageAsync("/conversations/" + Uri.EscapeDataString(own));
        Assert.Contains($"href=\"/complaints/new?conversation={Uri.EscapeDataString(own)}\"", conversationPage, StringComparison.Ordinal);

        var form = await agent.GetPageAsync("/complaints/new?conversation=" + Uri.EscapeDataString(own));
        Assert.Contains("data-testid=\"from-conversation\"", form, StringComparison.Ordinal);
        Assert.Contains($"name=\"conversations\" size=\"40\" value=\"{own}\"", form, StringComparison.Ordinal);
        Assert.Contains($"name=\"fromConversation\" value=\"{own}\"", form, StringComparison.Ordinal);

        var foreign = await agent.GetPageAsync("/complaints/new?conversation=" + Uri.EscapeDataString(others));
        Assert.DoesNotContain("data-testid=\"from-conversation\"", foreign, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{others}\"", foreign, StringComparison.Ordinal);
        Assert.Contains("无法预填", foreign);

        // A QA inspector reads conversations but does not work complaints: no button.
        using var inspector = await CookieSession.SignInAsync(app, app.UserWithRole(ServiceCoach.Users.Roles.QaInspector));
        Assert.DoesNotContain("/complaints/new?conversation=", await inspector.GetPageAsync("/conversations/" + Uri.EscapeDataString(own)), StringComparison.Ordinal);
    }

    private static string Page(long id) => "/complaints/" + id.ToString(CultureInfo.InvariantCulture);

    private static async Task<long> OpenAsync(CookieSession session, string title, string description, string customer)
    {
        var created = await session.PostFormAsync("/complaints/new", "/complaints/create", new()
        {
            ["title"] = title,
            ["description"] = description,
            ["customerId"] = customer,
            ["category"] = "after-sales-repair",
            ["channel"] = "chat",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return long.Parse(created.Headers.Location!.ToString().Split('/')[^1], CultureInfo.InvariantCulture);
    }

    private static Regex StageRow(string stage, string reached) =>
        new($"data-testid=\"stage-{stage}\">(?:(?!</tr>).)*<td>{Regex.Escape(reached)}</td>", RegexOptions.Singleline);

    [GeneratedRegex("data-testid=\"cluster-[0-9]+\">(?:(?!</tr>).)*</tr>", RegexOptions.Singleline)]
    private static partial Regex ClusterRow();

    [GeneratedRegex("data-testid=\"improvement-([0-9]+)\">(?:(?!</tr>).)*</tr>", RegexOptions.Singleline)]
    private static partial Regex ImprovementRow();
}
