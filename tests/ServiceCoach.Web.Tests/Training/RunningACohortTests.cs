using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Training;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Tests.Quality;
using ServiceCoach.Web.Training;
using static ServiceCoach.Web.Tests.Training.TrainingTestApp;

namespace ServiceCoach.Web.Tests.Training;

/// <summary>A trainer fills a cohort from a staff list, seats it in workshops without clashes, and certifies a learner who passed.</summary>
public sealed class RunningACohortTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task StaffList_FillsTheCohort_TheSchedulerSeatsEveryoneWithoutClashes_AndEachGetsTheirCalendar(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var cohorts = app.Service<Cohorts>();
        var schedules = app.Service<Schedules>();
        var cohort = (await cohorts.CreateAsync(Viewer.System, "排课测试 " + Guid.NewGuid().ToString("N")[..6], null, null, null, Cancel))!.Value;
        var prefix = "E" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var csv = new StringBuilder("工号,姓名,班组,岗位,入职日期\n");
        for (var i = 1; i <= 5; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{prefix}{i},学员{i},排课组,客服,2026-0{i}-01\n");
        }

        csv.Append(",,,,\n").Append(prefix + "9,,排课组,客服,2026-01-01\n").Append(prefix + "8,学员8,排课组,客服,明天\n");
        using var trainer = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Trainer));
        var page = $"/training/cohorts/{cohort}";

        var imported = await trainer.PostFileAsync(page, $"{page}/staff", "file", "staff.csv", csv.ToString());

        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        var summary = Uri.UnescapeDataString(imported.Headers.Location!.ToString());
        Assert.Contains("新建 6 个账号", summary);
        Assert.Contains("加入班期 6 人", summary);
        Assert.Contains("Line 8", summary);
        Assert.Contains("Line 9", summary);
        var members = (await cohorts.ListAsync(Viewer.System, Cancel)).Single(c => c.Id == cohort).Members;
        Assert.Equal(6, members);

        // Two runs of a 3-seat workshop and one that clashes with the first run: six learners, six seats, no clashes.
        var day = new DateTime(2026, 4, 6, 1, 0, 0, DateTimeKind.Utc);
        var first = await SessionAsync(schedules, cohort, "角色扮演 A", day, "301");
        var second = await SessionAsync(schedules, cohort, "角色扮演 B", day.AddHours(4), "301");
        var placed = await schedules.ScheduleAsync(Viewer.System, cohort, cancellationToken: Cancel);
        var again = await schedules.ScheduleAsync(Viewer.System, cohort, cancellationToken: Cancel);
        var clash = await schedules.CreateAsync(Viewer.System, new SessionInput("同一教室", cohort, null, day.AddHours(1), day.AddHours(2), "301", 3, null), Cancel);

        Assert.Equal((6, 0), (placed.Placed, placed.Unplaced.Count));
        Assert.Equal((0, 6), (again.Placed, again.AlreadySeated));
        Assert.Null(clash.Id);
        Assert.NotEmpty(clash.Problems);
        Assert.Equal(3, (await schedules.AttendeesAsync(Viewer.System, first, Cancel)).Count);
        Assert.Equal(3, (await schedules.AttendeesAsync(Viewer.System, second, Cancel)).Count);

        // A learner's calendar holds their one session; the trainer's view of another's calendar works, an agent's does not.
        var seatedFirst = (await schedules.AttendeesAsync(Viewer.System, first, Cancel))[0];
        var ics = await trainer.Client.GetStringAsync($"/training/calendar.ics?user={seatedFirst.UserId}", Cancel);
        Assert.StartsWith("BEGIN:VCALENDAR", ics, StringComparison.Ordinal);
        Assert.Equal(1, ics.Split("BEGIN:VEVENT").Length - 1);
        Assert.Contains("SUMMARY:角色扮演 A", ics, StringComparison.Ordinal);
        Assert.Contains("LOCATION:301", ics, StringComparison.Ordinal);
        Assert.Contains("DTSTART:20260406T010000Z", ics, StringComparison.Ordinal);
        using var agent = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Agent));
        Assert.Equal(HttpStatusCode.NotFound, (await agent.Client.GetAsync($"/training/calendar.ics?user={seatedFirst.UserId}", Cancel)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Certificate_IsIssuedOnlyAfterAPass_AndAnyoneCanVerifyItsCode(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var programme = await TakingAnExamTests.CopyOf2026ProgrammeAsync(app);
        var paper = await app.CreateExamAsync(await app.ImportQuestionsAsync(), programmeId: programme);
        var agent = app.UsersWithRole(Roles.Agent)[2];
        var agentId = await app.UserIdOfAsync(agent);
        var certificates = app.Service<Certificates>();
        using var learner = await app.ApiClientAsAsync(agent);
        var attemptId = await StartAttemptAsync(learner, paper);
        var attempt = await GetAttemptAsync(learner, attemptId);
        await SaveOkAsync(learner, attemptId, AllRight(attempt));
        (await learner.PostAsync($"/api/v1/training/attempts/{attemptId}/submit", null, Cancel)).EnsureSuccessStatusCode();
        await app.Service<TrainingGrades>().GradeAsync(Viewer.System, attemptId, attempt.Slot("essay").Slot, 1, null, Cancel);

        var beforePractical = await certificates.IssueAsync(Viewer.System, agentId, programme, Cancel);
        await app.Service<PracticalResults>().RecordRubricAsync(Viewer.System, agentId, programme, "情景模拟",
            [new("开场与身份确认", 8, 10), new("共情", 7, 10), new("解决方案", 9, 10)], "良好", Cancel);
        var issued = await certificates.IssueAsync(Viewer.System, agentId, programme, Cancel);
        var twice = await certificates.IssueAsync(Viewer.System, agentId, programme, Cancel);

        Assert.Null(beforePractical);
        Assert.NotNull(issued);
        Assert.Equal(issued.Code, twice!.Code);
        Assert.Equal(88.0, issued.CompositePercent); // 100 × 0.4 + 80 × 0.6
        using var stranger = app.CreateClient();
        var verified = WebUtility.HtmlDecode(await stranger.GetStringAsync($"/verify/{issued.Code}", Cancel));
        var forged = WebUtility.HtmlDecode(await stranger.GetStringAsync("/verify/ABCDEFGHJKMN", Cancel));
        Assert.Contains("证书有效", verified);
        Assert.Contains(issued.LearnerName, verified);
        Assert.Contains("不存在", forged);

        using var own = await CookieSession.SignInAsync(app, agent);
        var pdf = await own.Client.GetAsync($"/training/certificates/{issued.Code}/pdf", Cancel);
        if (CertificatePdf.Available)
        {
            Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
            Assert.StartsWith("%PDF", Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync(Cancel))[..4], StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, pdf.StatusCode);
        }

        using var otherAgent = await CookieSession.SignInAsync(app, app.UsersWithRole(Roles.Agent)[3]);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAgent.Client.GetAsync($"/training/certificates/{issued.Code}/pdf", Cancel)).StatusCode);
        await using var db = await app.DbAsync();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "certificate.issue" && a.EntityId == issued.Code, Cancel));
    }

    private static async Task<int> SessionAsync(Schedules schedules, int cohort, string title, DateTime starts, string room)
    {
        var (id, problems) = await schedules.CreateAsync(Viewer.System, new SessionInput(title, cohort, null, starts, starts.AddHours(3), room, 3, null), Cancel);
        Assert.Empty(problems);
        return id!.Value;
    }
}
