using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using ServiceCoach.Data;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Insights;

/// <summary>
/// The demo organisation is seeded relative to the app's clock: its six weekly copies of the
/// samples lie in the six weeks before "today", so the dashboard's default eight weeks show all of it.
/// </summary>
public sealed class SeeingTheDemoInTheDefaultViewTests
{
    [Fact]
    public async Task TheDemoConversations_AllStartInTheSixWeeksBeforeTheAppsToday()
    {
        var now = new DateTimeOffset(2027, 3, 15, 9, 30, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(now);
        await using var app = await ServiceCoachApp.StartAsync(DatabaseProvider.Sqlite, clock: clock);
        await using var db = await app.Service<IDbContextFactory<ServiceCoachDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);

        var starts = await db.Conversations.Where(c => c.ExternalId.StartsWith("demo-") && c.StartTimeUtc != null)
            .Select(c => c.StartTimeUtc!.Value).ToListAsync(TestContext.Current.CancellationToken);

        Assert.True(starts.Count > 200, $"{starts.Count} demo conversations with a start time");
        Assert.InRange(starts.Min(), now.UtcDateTime.AddDays(-44), now.UtcDateTime);
        Assert.InRange(starts.Max(), now.UtcDateTime.AddDays(-44), now.UtcDateTime);
    }
}
