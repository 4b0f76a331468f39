using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Complaints;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Complaints;

/// <summary>The complaints API: an agent opens, steps through and closes a complaint; others see problem+json.</summary>
public sealed class WorkingComplaintsThroughTheApiTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Agent_OpensStepsAndClosesAComplaint_OthersGetProblemDetails(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(HandlingAComplaintTests.MondayMorning);
        await using var app = await ServiceCoachApp.StartAsync(provider, clock: clock);
        using var agent = await app.ApiClientAsAsync("a-101");

        var created = await agent.PostAsJsonAsync("/api/v1/complaints", new { title = "账单多扣了钱", description = "这个月多扣了 30 元", customerId = "u-api-1", category = "billing" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var complaint = (await created.Content.ReadFromJsonAsync<ComplaintResponse>(Cancel))!;
        Assert.Equal("normal", complaint.Level);
        Assert.Equal("open", complaint.State);
        Assert.Equal("listen", complaint.NextStep);
        var solution = Assert.Single(complaint.Clocks, c => c.Kind == "first-solution");
        Assert.Equal(300, solution.TargetSeconds);
        Assert.Equal(HandlingAComplaintTests.MondayMorning.AddSeconds(300), solution.DueAt);

        var skipped = await agent.PostAsJsonAsync($"/api/v1/complaints/{complaint.Id}/steps", new { step = "solve" }, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, skipped.StatusCode);
        Assert.StartsWith("application/problem+json", skipped.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("请先完成", await skipped.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        var listened = await agent.PostAsJsonAsync($"/api/v1/complaints/{complaint.Id}/steps", new { step = "listen", note = "客户很生气" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, listened.StatusCode);
        Assert.Equal("understand", (await listened.Content.ReadFromJsonAsync<ComplaintResponse>(Cancel))!.NextStep);

        using var stranger = await app.ApiClientAsAsync("a-201");
        var hidden = await stranger.GetAsync($"/api/v1/complaints/{complaint.Id}", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.StartsWith("application/problem+json", hidden.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain((await stranger.GetFromJsonAsync<ComplaintListPage>("/api/v1/complaints", Cancel))!.Items, c => c.Id == complaint.Id);
        using var qa = await app.ApiClientAsRoleAsync(Roles.QaInspector);
        var forbidden = await qa.GetAsync("/api/v1/complaints", Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.StartsWith("application/problem+json", forbidden.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);

        var closed = await agent.PostAsJsonAsync($"/api/v1/complaints/{complaint.Id}/close", new { resolution = "已退还 30 元" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var after = (await closed.Content.ReadFromJsonAsync<ComplaintResponse>(Cancel))!;
        Assert.Equal("closed", after.State);
        Assert.All(after.Clocks, c => Assert.Contains(c.Status, new[] { "met", "breached" }));
        Assert.Single(after.FollowUps);
        var list = (await agent.GetFromJsonAsync<ComplaintListPage>("/api/v1/complaints?state=closed", Cancel))!;
        Assert.Contains(list.Items, c => c.Id == complaint.Id);
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.GetAsync("/api/v1/complaints?state=nonsense", Cancel)).StatusCode);
    }
}
