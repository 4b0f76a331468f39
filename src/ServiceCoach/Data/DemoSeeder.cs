using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Quality;
using ServiceCoach.Standards;
using ServiceCoach.Users;

namespace ServiceCoach.Data;

/// <summary>What the first start created: who can sign in, and where the passwords were written.</summary>
public sealed record SeedResult(bool Seeded, string? AdminPassword, string? AdminPasswordFile, string? DemoUsersFile, int Conversations);

/// <summary>
/// On the first start with an empty database: the roles, the <c>admin</c> user with a random
/// password (printed once and written to initial-admin-password.txt in the data folder), and — when
/// demo data is on — a demo organisation: teams, demo users (random passwords in demo-users.txt),
/// sampling rules and a few hundred scored conversations built from the shipped samples, spread
/// over the past weeks so every page has something real to show.
/// </summary>
public sealed class DemoSeeder(
    IDbContextFactory<ServiceCoachDbContext> dbFactory,
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    StandardCatalog standards,
    ConversationImport import,
    ScoringJobs jobs,
    TimeProvider clock)
{
    public const string AdminUserName = "admin";
    public const string AdminPasswordFileName = "initial-admin-password.txt";
    public const string DemoUsersFileName = "demo-users.txt";

    /// <summary>Copies of the samples, one per week back from today.</summary>
    public const int DemoWeeks = 6;

    public async Task<SeedResult> SeedAsync(string dataFolder, Func<Stream>? demoConversations, CancellationToken cancellationToken = default)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
            }
        }

        await standards.EnsureDefaultAsync(cancellationToken);
        if (await users.Users.AnyAsync(cancellationToken))
        {
            return new SeedResult(false, null, null, null, 0);
        }

        Directory.CreateDirectory(dataFolder);
        var adminPassword = Passwords.Generate();
        await CreateUserAsync(AdminUserName, "系统管理员", adminPassword, [Roles.Admin], null, null);
        var adminFile = Path.Combine(dataFolder, AdminPasswordFileName);
        await File.WriteAllTextAsync(adminFile, adminPassword + Environment.NewLine, cancellationToken);
        RestrictToOwner(adminFile);

        if (demoConversations is null)
        {
            return new SeedResult(true, adminPassword, adminFile, null, 0);
        }

        var demoUsersFile = await SeedOrganisationAsync(dataFolder, demoConversations, cancellationToken);
        var count = await SeedConversationsAsync(demoConversations, cancellationToken);
        return new SeedResult(true, adminPassword, adminFile, demoUsersFile, count);
    }

    private async Task<string> SeedOrganisationAsync(string dataFolder, Func<Stream> samples, CancellationToken cancellationToken)
    {
        // Agents and their teams as they appear in the samples.
        var agentTeams = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using (var reader = new StreamReader(samples()))
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (JsonNode.Parse(line) is JsonObject o && o["agentId"]?.GetValue<string>() is { } agent && o["team"]?.GetValue<string>() is { } team)
                {
                    agentTeams.TryAdd(agent, team);
                }
            }
        }

        var teamIds = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            foreach (var name in agentTeams.Values.Distinct().Order(StringComparer.Ordinal))
            {
                var team = new Team { Name = name };
                db.Teams.Add(team);
                await db.SaveChangesAsync(cancellationToken);
                teamIds[name] = team.Id;
            }

            db.SamplingRules.AddRange(
                new SamplingRule { Name = "致命项全检 All fatal", Kind = SamplingKind.AllFatal, Parameter = "" },
                new SamplingRule { Name = "不合格全检 Grade D", Kind = SamplingKind.GradeAtOrBelow, Parameter = "D" },
                new SamplingRule { Name = "低满意度 CSAT ≤ 2", Kind = SamplingKind.CsatAtOrBelow, Parameter = "2" },
                new SamplingRule { Name = "随机抽检 5%", Kind = SamplingKind.RandomPercent, Parameter = "5" });
            await db.SaveChangesAsync(cancellationToken);
        }

        var lines = new StringBuilder();
        lines.AppendLine("# ServiceCoach demo users (generated on first start; change or delete them in production).");
        lines.AppendLine("# user name\trole\tpassword");

        async Task AddAsync(string userName, string displayName, string role, string? agentCode, int? teamId)
        {
            var password = Passwords.Generate();
            await CreateUserAsync(userName, displayName, password, [role], agentCode, teamId);
            lines.AppendLine(CultureInfo.InvariantCulture, $"{userName}\t{role}\t{password}");
        }

        foreach (var (agent, team) in agentTeams)
        {
            await AddAsync(agent, $"客服 {agent}", Roles.Agent, agent, teamIds[team]);
        }

        var supervisors = teamIds.Keys.Select((team, i) => (Team: team, User: $"supervisor{i + 1}")).ToList();
        foreach (var (team, user) in supervisors)
        {
            await AddAsync(user, $"{team}主管", Roles.Supervisor, null, null);
        }

        await AddAsync("qa1", "质检员", Roles.QaInspector, null, null);
        await AddAsync("trainer1", "培训师", Roles.Trainer, null, null);

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            foreach (var (team, user) in supervisors)
            {
                var id = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).FirstAsync(cancellationToken);
                db.TeamSupervisors.Add(new TeamSupervisor { TeamId = teamIds[team], UserId = id });
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        var file = Path.Combine(dataFolder, DemoUsersFileName);
        await File.WriteAllTextAsync(file, lines.ToString(), cancellationToken);
        RestrictToOwner(file);
        return file;
    }

    /// <summary>The samples, copied once per week back from today with shifted start times and new ids.</summary>
    private async Task<int> SeedConversationsAsync(Func<Stream> samples, CancellationToken cancellationToken)
    {
        var originals = new List<JsonObject>();
        using (var reader = new StreamReader(samples()))
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (JsonNode.Parse(line) is JsonObject o)
                {
                    originals.Add(o);
                }
            }
        }

        // Each copy fills one week back from yesterday (by the app's clock): a sample keeps its time of
        // day and offset, and its day is spread over the week by its position. The samples themselves
        // span months, and shifting them whole put most of the demo outside the dashboard's default range.
        var today = clock.GetUtcNow();
        var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(false), leaveOpen: true))
        {
            for (var week = 0; week < DemoWeeks; week++)
            {
                for (var index = 0; index < originals.Count; index++)
                {
                    var original = originals[index];
                    var copy = (JsonObject)original.DeepClone();
                    copy["id"] = $"demo-w{week}-{original["id"]!.GetValue<string>()}";
                    if (original["startTime"]?.GetValue<DateTimeOffset>() is { } start)
                    {
                        var localToday = today.ToOffset(start.Offset);
                        var day = DateOnly.FromDateTime(localToday.DateTime).AddDays(-(1 + (7 * week) + (index % 7)));
                        var shifted = new DateTimeOffset(day.ToDateTime(TimeOnly.FromTimeSpan(start.TimeOfDay)), start.Offset);
                        copy["startTime"] = shifted.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
                    }

                    await writer.WriteLineAsync(copy.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                }
            }
        }

        buffer.Position = 0;
        var outcome = await import.ImportAsync(buffer, "demo.jsonl", Viewer.System, null, cancellationToken);
        await jobs.RunAllAsync(cancellationToken);
        return outcome.Imported;
    }

    private async Task CreateUserAsync(string userName, string displayName, string password, string[] userRoles, string? agentCode, int? teamId)
    {
        var user = new AppUser
        {
            UserName = userName,
            DisplayName = displayName,
            AgentCode = agentCode,
            TeamId = teamId,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            EmailConfirmed = true,
            LockoutEnabled = true,
        };
        Check(await users.CreateAsync(user, password), $"create user {userName}");
        Check(await users.AddToRolesAsync(user, userRoles), $"add {userName} to roles");
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    private static void RestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
