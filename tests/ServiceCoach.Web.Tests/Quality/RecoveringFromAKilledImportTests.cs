using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using ServiceCoach.Data;
using ServiceCoach.Quality;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.Web.Tests.Quality;

/// <summary>
/// A server killed mid-import never finishes the import's record nor removes its upload (issue 8, item 14).
/// The next start marks such an import failed — once it has not moved for the stall time, so an import
/// another node is still running is left alone — keeps what it stored, and removes the abandoned upload.
/// </summary>
public sealed class RecoveringFromAKilledImportTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task AfterARestart_AnImportThatStoppedMovingIsFailed_AMovingOneIsNot_AndItsUploadIsRemoved(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        var app = await ServiceCoachApp.StartAsync(provider, seedDemo: false, clock: clock);
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            long killed, moving, oldRecord;
            await using (var db = await app.DbAsync())
            {
                var records = new[]
                {
                    new ImportRecord { FileName = "killed.jsonl", UploadedBy = "admin", StartedAtUtc = now.AddMinutes(-30), LastProgressUtc = now.AddMinutes(-11), State = ImportState.Running, Read = 1500, Imported = 1500 },
                    new ImportRecord { FileName = "moving.jsonl", UploadedBy = "admin", StartedAtUtc = now.AddMinutes(-30), LastProgressUtc = now.AddMinutes(-1), State = ImportState.Running },

                    // Stored before the progress time existed: judged by its start.
                    new ImportRecord { FileName = "old.jsonl", UploadedBy = "admin", StartedAtUtc = now.AddHours(-2), State = ImportState.Running },
                };
                db.Imports.AddRange(records);
                await db.SaveChangesAsync(Cancel);
                (killed, moving, oldRecord) = (records[0].Id, records[1].Id, records[2].Id);
            }

            var uploads = Directory.CreateDirectory(Path.Combine(app.DataFolder, "uploads")).FullName;
            var abandoned = Path.Combine(uploads, "abandoned.jsonl");
            var fresh = Path.Combine(uploads, "fresh.jsonl");
            await File.WriteAllTextAsync(abandoned, "{}", Cancel);
            await File.WriteAllTextAsync(fresh, "{}", Cancel);
            File.SetLastWriteTimeUtc(abandoned, now.AddMinutes(-30));
            File.SetLastWriteTimeUtc(fresh, now.AddMinutes(-1));

            app = await app.RestartAsync();

            await using (var db = await app.DbAsync())
            {
                var states = await db.Imports.AsNoTracking().Where(i => i.Id == killed || i.Id == moving || i.Id == oldRecord).ToDictionaryAsync(i => i.Id, Cancel);
                Assert.Equal(ImportState.Failed, states[killed].State);
                Assert.Equal(ImportState.Failed, states[oldRecord].State);
                Assert.Equal(ImportState.Running, states[moving].State);
                Assert.Contains("import the file again to finish", states[killed].ErrorReport, StringComparison.Ordinal);
                Assert.Equal((1500, now), (states[killed].Imported, states[killed].FinishedAtUtc!.Value));
            }

            Assert.False(File.Exists(abandoned));
            Assert.True(File.Exists(fresh));

            // The other one stops moving too: the check every node makes now and then fails it, without a restart.
            clock.Advance(TimeSpan.FromMinutes(10));
            var state = ImportState.Running;
            for (var wait = 0; wait < 200 && state == ImportState.Running; wait++)
            {
                await Task.Delay(50, Cancel);
                await using var db = await app.DbAsync();
                state = await db.Imports.Where(i => i.Id == moving).Select(i => i.State).SingleAsync(Cancel);
            }

            Assert.Equal(ImportState.Failed, state);
            Assert.Equal(0, await app.Service<ConversationImport>().FailStalledAsync(Cancel));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
