using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using ServiceCoach.Data;
using ServiceCoach.Users;

namespace ServiceCoach.Training;

public sealed record CohortSummary(int Id, string Name, int? ProgrammeId, string? ProgrammeName, DateOnly? StartsOn, DateOnly? EndsOn, int Members);

/// <summary>One learner of a cohort with their progress (R-TRN-3: the trainer's real-time view of who is behind).</summary>
public sealed record CohortLearner(string UserId, string UserName, string Name, string? Team, string? EmployeeId, int ModulesDone, int Modules, double? BestExamPercent,
    double? Composite, bool? Passed, DateTime? LastActivityUtc, bool Behind);

/// <param name="PassRate">Share of learners with a composite grade who passed, percent; null before anyone has one.</param>
public sealed record CohortProgress(CohortSummary Cohort, IReadOnlyList<CohortLearner> Learners, double? PassRate, double PassRateTarget, double ExpectedShare);

/// <summary>A staff list row: employee id, name, team, role, hire date.</summary>
public sealed record StaffRow(int Line, string EmployeeId, string Name, string? Team, string? Role, DateOnly? HireDate);

public sealed record StaffImportResult(int Created, int Updated, int AddedToCohort, IReadOnlyList<string> Problems);

/// <summary>
/// Cohorts (班期) of up to thousands of learners, filled from a staff list (CSV or XLSX: employee id,
/// name, team, role, hire date). New people get an account named by their employee id (no password:
/// an admin sets or resets it) with the Agent role, or Supervisor when the role says so; their team
/// is created when it does not exist. Trainers and admins manage cohorts; supervisors see their teams.
/// </summary>
public sealed class Cohorts(IDbContextFactory<ServiceCoachDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxStaffRows = 20_000;

    private static readonly char[] Separators = [',', '\t', ';'];

    public async Task<int?> CreateAsync(Viewer viewer, string name, int? programmeId, DateOnly? startsOn, DateOnly? endsOn, CancellationToken cancellationToken = default)
    {
        RequireManage(viewer);
        name = name.Trim();
        if (name.Length is 0 or > 200 || (startsOn is { } s && endsOn is { } e && e < s))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Cohorts.AnyAsync(c => c.Name == name, cancellationToken))
        {
            return null;
        }

        var cohort = new Cohort { Name = name, ProgrammeId = programmeId, StartsOn = startsOn, EndsOn = endsOn, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
        db.Cohorts.Add(cohort);
        await db.SaveChangesAsync(cancellationToken);
        AuditLog.Record(db, clock, viewer, "cohort.create", "cohort", cohort.Id.ToString(CultureInfo.InvariantCulture), new { name, programmeId, startsOn, endsOn });
        await db.SaveChangesAsync(cancellationToken);
        return cohort.Id;
    }

    public async Task<IReadOnlyList<CohortSummary>> ListAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var learners = TrainingAccess.VisibleLearners(db, viewer).Select(u => u.Id);
        var manage = viewer.Can(Policies.ManageTraining);
        var rows = await (from c in db.Cohorts.AsNoTracking()
                          join p in db.Programmes.AsNoTracking() on c.ProgrammeId equals p.Id into ps
                          from p in ps.DefaultIfEmpty()
                          let members = db.CohortMembers.Count(m => m.CohortId == c.Id && learners.Contains(m.UserId))
                          where manage || members > 0
                          orderby c.Id descending
                          select new CohortSummary(c.Id, c.Name, c.ProgrammeId, p != null ? p.Name : null, c.StartsOn, c.EndsOn, members)).ToListAsync(cancellationToken);
        return rows;
    }

    /// <summary>The cohorts a learner is in.</summary>
    public async Task<IReadOnlyList<CohortSummary>> OfLearnerAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (from m in db.CohortMembers.AsNoTracking()
                      where m.UserId == userId
                      join c in db.Cohorts.AsNoTracking() on m.CohortId equals c.Id
                      join p in db.Programmes.AsNoTracking() on c.ProgrammeId equals p.Id into ps
                      from p in ps.DefaultIfEmpty()
                      select new CohortSummary(c.Id, c.Name, c.ProgrammeId, p != null ? p.Name : null, c.StartsOn, c.EndsOn, 0)).ToListAsync(cancellationToken);
    }

    /// <summary>Adds existing users to a cohort by user name; answers the names that were not found.</summary>
    public async Task<IReadOnlyList<string>> AddMembersAsync(Viewer viewer, int cohortId, IEnumerable<string> userNames, CancellationToken cancellationToken = default)
    {
        RequireManage(viewer);
        var names = userNames.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Cohorts.AnyAsync(c => c.Id == cohortId, cancellationToken))
        {
            return names;
        }

        var normal = names.Select(n => n.ToUpperInvariant()).ToList();
        var users = await db.Users.AsNoTracking().Where(u => normal.Contains(u.NormalizedUserName!)).Select(u => new { u.Id, u.NormalizedUserName }).ToListAsync(cancellationToken);
        var existing = await db.CohortMembers.Where(m => m.CohortId == cohortId).Select(m => m.UserId).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var user in users.Where(u => !existing.Contains(u.Id)))
        {
            db.CohortMembers.Add(new CohortMember { CohortId = cohortId, UserId = user.Id, AddedAtUtc = now });
        }

        AuditLog.Record(db, clock, viewer, "cohort.add-members", "cohort", cohortId.ToString(CultureInfo.InvariantCulture), new { added = users.Count });
        await db.SaveChangesAsync(cancellationToken);
        return [.. names.Where(n => users.All(u => !string.Equals(u.NormalizedUserName, n.ToUpperInvariant(), StringComparison.Ordinal)))];
    }

    /// <summary>
    /// Reads a staff list: CSV (UTF-8, a header row naming the columns in Chinese or English) or
    /// XLSX (the first sheet, same header). Columns: 工号/employeeId, 姓名/name, 班组/team, 岗位/role, 入职日期/hireDate.
    /// </summary>
    public static (IReadOnlyList<StaffRow> Rows, IReadOnlyList<string> Problems) ReadStaff(string fileName, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(content);
        var table = new List<(int Line, Dictionary<string, string?> Cells)>();
        var problems = new List<string>();
        try
        {
            if (fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
            {
                using var stream = new MemoryStream(content);
                var line = 1;
                foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: true))
                {
                    line++;
                    table.Add((line, row.ToDictionary(c => Column(c.Key), c => Cell(c.Value), StringComparer.Ordinal)));
                }
            }
            else
            {
                var text = new UTF8Encoding(false).GetString(content).TrimStart('\uFEFF');
                var records = CsvRecords(text);
                if (records.Count > 0)
                {
                    var headers = records[0].Fields.Select(Column).ToList();
                    foreach (var (line, fields) in records.Skip(1))
                    {
                        var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
                        for (var i = 0; i < headers.Count && i < fields.Count; i++)
                        {
                            cells.TryAdd(headers[i], fields[i]);
                        }

                        table.Add((line, cells));
                    }
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ([], [$"The staff list could not be read: {e.Message}"]);
        }

        var rows = new List<StaffRow>();
        foreach (var (line, cells) in table.Take(MaxStaffRows))
        {
            var id = cells.GetValueOrDefault("employeeId")?.Trim() ?? "";
            var name = cells.GetValueOrDefault("name")?.Trim() ?? "";
            if (id.Length == 0 && name.Length == 0)
            {
                continue;
            }

            if (id.Length is 0 or > 64 || id.Any(char.IsWhiteSpace) || name.Length is 0 or > 100)
            {
                problems.Add($"Line {line}: an employee id (no spaces, at most 64 characters) and a name are required.");
                continue;
            }

            DateOnly? hired = null;
            if (cells.GetValueOrDefault("hireDate") is { Length: > 0 } date)
            {
                if (DateOnly.TryParse(date.Trim(), CultureInfo.InvariantCulture, out var parsed) || DateOnly.TryParseExact(date.Trim(), ["yyyy/M/d", "yyyy.M.d", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out parsed))
                {
                    hired = parsed;
                }
                else if (DateTime.TryParse(date.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var withTime))
                {
                    hired = DateOnly.FromDateTime(withTime);
                }
                else
                {
                    problems.Add($"Line {line}: the hire date '{date}' is not a date (write 2026-03-01).");
                }
            }

            rows.Add(new StaffRow(line, id, name, cells.GetValueOrDefault("team")?.Trim() is { Length: > 0 } team ? team : null,
                cells.GetValueOrDefault("role")?.Trim() is { Length: > 0 } role ? role : null, hired));
        }

        if (table.Count > MaxStaffRows)
        {
            problems.Add($"Only the first {MaxStaffRows} rows were read.");
        }

        if (rows.Count == 0 && problems.Count == 0)
        {
            problems.Add("No staff rows found: the first row must name the columns (工号, 姓名, 班组, 岗位, 入职日期).");
        }

        return (rows, problems);
    }

    /// <summary>Creates or updates the people of a staff list and, when a cohort is given, adds them to it.</summary>
    public async Task<StaffImportResult> ImportStaffAsync(Viewer viewer, int? cohortId, string fileName, byte[] content, CancellationToken cancellationToken = default)
    {
        RequireManage(viewer);
        var (rows, problems) = ReadStaff(fileName, content);
        var problemList = problems.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (cohortId is { } cohort && !await db.Cohorts.AnyAsync(c => c.Id == cohort, cancellationToken))
        {
            return new StaffImportResult(0, 0, 0, ["The cohort does not exist."]);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var roles = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Name!, r => r.Id, cancellationToken);
        var teams = await db.Teams.ToDictionaryAsync(t => t.Name, StringComparer.Ordinal, cancellationToken);
        var profiles = await db.LearnerProfiles.ToDictionaryAsync(p => p.EmployeeId, StringComparer.Ordinal, cancellationToken);
        var ids = rows.Select(r => r.EmployeeId.ToUpperInvariant()).ToList();
        var users = await db.Users.Where(u => ids.Contains(u.NormalizedUserName!)).ToDictionaryAsync(u => u.NormalizedUserName!, StringComparer.Ordinal, cancellationToken);
        var members = cohortId is { } c2 ? (await db.CohortMembers.Where(m => m.CohortId == c2).Select(m => m.UserId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal) : [];
        int created = 0, updated = 0, added = 0;
        foreach (var row in rows.GroupBy(r => r.EmployeeId, StringComparer.OrdinalIgnoreCase).Select(g => g.Last()))
        {
            Team? team = null;
            if (row.Team is { } teamName)
            {
                if (!teams.TryGetValue(teamName, out team))
                {
                    team = new Team { Name = teamName.Length > 100 ? teamName[..100] : teamName };
                    db.Teams.Add(team);
                    teams[teamName] = team;
                }
            }

            if (!users.TryGetValue(row.EmployeeId.ToUpperInvariant(), out var user))
            {
                user = new AppUser
                {
                    UserName = row.EmployeeId,
                    NormalizedUserName = row.EmployeeId.ToUpperInvariant(),
                    DisplayName = row.Name,
                    AgentCode = IsSupervisor(row.Role) ? null : row.EmployeeId,
                    SecurityStamp = Guid.NewGuid().ToString("N"),
                    ConcurrencyStamp = Guid.NewGuid().ToString(),
                    LockoutEnabled = true,
                    CreatedAtUtc = now,
                };
                db.Users.Add(user);
                users[user.NormalizedUserName] = user;
                var role = IsSupervisor(row.Role) ? Roles.Supervisor : Roles.Agent;
                if (roles.TryGetValue(role, out var roleId))
                {
                    db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleId });
                }

                created++;
            }
            else
            {
                user.DisplayName = row.Name;

                // A new name or team changes the user's claims: a new concurrency stamp makes cached API principals rebuild.
                user.ConcurrencyStamp = Guid.NewGuid().ToString();
                updated++;
            }

            if (team is not null)
            {
                user.Team = team;
            }

            if (!profiles.TryGetValue(row.EmployeeId, out var profile))
            {
                profile = new LearnerProfile { UserId = user.Id, EmployeeId = row.EmployeeId };
                db.LearnerProfiles.Add(profile);
                profiles[row.EmployeeId] = profile;
            }

            profile.JobRole = row.Role is { Length: > 100 } r ? r[..100] : row.Role ?? "";
            profile.HireDate = row.HireDate;
            if (cohortId is { } target && members.Add(user.Id))
            {
                db.CohortMembers.Add(new CohortMember { CohortId = target, UserId = user.Id, AddedAtUtc = now });
                added++;
            }
        }

        AuditLog.Record(db, clock, viewer, "staff.import", "cohort", cohortId?.ToString(CultureInfo.InvariantCulture) ?? "-", new { fileName, created, updated, added, problems = problemList.Count });
        await db.SaveChangesAsync(cancellationToken);
        return new StaffImportResult(created, updated, added, problemList);
    }

    /// <summary>
    /// A cohort's learners with their progress, composite grade and whether they are behind: fewer
    /// modules done than the share of the cohort's time that has passed (or, without dates, than half
    /// the cohort's average), or nothing done for 7 days while modules are open.
    /// </summary>
    public async Task<CohortProgress?> ProgressAsync(Viewer viewer, int cohortId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.ViewLearningRecords))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var cohort = await db.Cohorts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cohortId, cancellationToken);
        if (cohort is null)
        {
            return null;
        }

        var programme = cohort.ProgrammeId is { } pid ? await db.Programmes.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, cancellationToken) : null;
        var moduleIds = programme is null ? [] : await (from m in db.ProgrammeModules.AsNoTracking()
                                                         join ph in db.ProgrammePhases.AsNoTracking() on m.PhaseId equals ph.Id
                                                         where ph.ProgrammeId == programme.Id
                                                         select m.Id).ToListAsync(cancellationToken);
        var visible = TrainingAccess.VisibleLearners(db, viewer);
        var learners = await (from m in db.CohortMembers.AsNoTracking()
                              where m.CohortId == cohortId
                              join u in visible on m.UserId equals u.Id
                              join t in db.Teams.AsNoTracking() on u.TeamId equals t.Id into ts
                              from t in ts.DefaultIfEmpty()
                              join p in db.LearnerProfiles.AsNoTracking() on u.Id equals p.UserId into pp
                              from p in pp.DefaultIfEmpty()
                              orderby u.UserName
                              select new { u.Id, u.UserName, u.DisplayName, Team = t != null ? t.Name : null, EmployeeId = p != null ? p.EmployeeId : null }).ToListAsync(cancellationToken);
        var userIds = learners.Select(l => l.Id).ToList();
        var records = await db.LearningRecords.AsNoTracking().Where(r => userIds.Contains(r.UserId) && moduleIds.Contains(r.ModuleId)).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var expected = cohort is { StartsOn: { } start, EndsOn: { } end } && end > start
            ? Math.Clamp((today.DayNumber - start.DayNumber) / (double)(end.DayNumber - start.DayNumber), 0, 1)
            : -1;
        var done = learners.ToDictionary(l => l.Id, l => records.Count(r => r.UserId == l.Id && r.Status == LearningStatus.Completed));
        var average = done.Count == 0 ? 0 : done.Values.Average();
        var result = new List<CohortLearner>();
        foreach (var l in learners)
        {
            var mine = records.Where(r => r.UserId == l.Id).ToList();
            ProgrammeGrade? grade = programme is null ? null : await TrainingGrades.GradeOfAsync(db, programme, l.Id, l.DisplayName, cancellationToken);
            var last = mine.Count == 0 ? (DateTime?)null : mine.Max(r => r.LastActivityUtc);
            var share = moduleIds.Count == 0 ? 1 : done[l.Id] / (double)moduleIds.Count;
            var behind = moduleIds.Count > 0 && done[l.Id] < moduleIds.Count && (expected >= 0
                ? share + 1e-9 < expected
                : done[l.Id] < average / 2 || (last is { } at && (now - at).TotalDays > 7));
            result.Add(new CohortLearner(l.Id, l.UserName ?? "", l.DisplayName, l.Team, l.EmployeeId, done[l.Id], moduleIds.Count,
                mine.Max(r => r.BestPercent), grade?.Grade.Total, grade?.Grade.Passed, last, behind));
        }

        var graded = result.Where(r => r.Passed is not null).ToList();
        double? passRate = graded.Count == 0 ? null : Math.Round(graded.Count(r => r.Passed == true) * 100.0 / graded.Count, 1);
        var summary = new CohortSummary(cohort.Id, cohort.Name, cohort.ProgrammeId, programme?.Name, cohort.StartsOn, cohort.EndsOn, learners.Count);
        return new CohortProgress(summary, result, passRate, programme?.PassRateTarget ?? 90, expected < 0 ? 0 : expected * 100);
    }

    /// <summary>RFC 4180 records (quotes, doubled quotes, line breaks in quotes); the separator is the header line's comma, tab or semicolon.</summary>
    private static List<(int Line, List<string> Fields)> CsvRecords(string text)
    {
        var firstLine = text.Split('\n', 2)[0];
        var separator = Separators.MaxBy(c => firstLine.Count(x => x == c));
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var line = 1;
        var start = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                fields.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                if (fields.Any(f => f.Length > 0))
                {
                    records.Add((start, fields));
                }

                fields = [];
                line++;
                start = line;
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString().TrimEnd('\r'));
        if (fields.Any(f => f.Length > 0))
        {
            records.Add((start, fields));
        }

        return records;
    }

    private static bool IsSupervisor(string? role) => role is not null && (role.Contains("主管", StringComparison.Ordinal) || role.Contains("组长", StringComparison.Ordinal)
        || role.Contains("supervisor", StringComparison.OrdinalIgnoreCase) || role.Contains("team lead", StringComparison.OrdinalIgnoreCase));

    private static string Column(string header) => header.Trim().ToLowerInvariant() switch
    {
        "工号" or "员工编号" or "employee id" or "employeeid" or "employee_id" or "id" => "employeeId",
        "姓名" or "名字" or "name" => "name",
        "班组" or "团队" or "小组" or "team" => "team",
        "岗位" or "角色" or "职位" or "role" or "job" => "role",
        "入职日期" or "入职时间" or "hire date" or "hiredate" or "hire_date" => "hireDate",
        var other => other,
    };

    private static string? Cell(object? value) => value switch
    {
        null => null,
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double n => n.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static void RequireManage(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.ManageTraining))
        {
            throw new UnauthorizedAccessException("Only trainers and admins manage cohorts.");
        }
    }
}
