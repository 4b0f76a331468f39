using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;

namespace ServiceCoach.Training;

/// <summary>Level-1 reactions to one module: how many answered and the mean rating against the 4.2 target.</summary>
public sealed record ModuleReaction(int ModuleId, string Module, string Programme, int Responses, double? Average, double Target)
{
    public bool? MeetsTarget => Average is { } average ? average >= Target - 1e-9 : null;
}

/// <summary>Level-2 learning: how many attempts of an exam were graded and what share passed, against the 95 % target.</summary>
public sealed record ExamPassRate(int PaperId, string Paper, int Learners, int Passed, double? Rate, double Target)
{
    public bool? MeetsTarget => Rate is { } rate ? rate >= Target - 1e-9 : null;
}

/// <summary>Who was trained on what, and when: what level 3 (behaviour) and level 4 (results) compare quality data before and after.</summary>
public sealed record TrainedRequirement(string UserId, string Tag, DateTime CompletedAtUtc);

/// <summary>
/// Kirkpatrick evaluation (R-TRN-6): level-1 reaction surveys (5-point, target ≥ 4.2) after each
/// module, level-2 pass rates (target ≥ 95 %), and the facts levels 3 and 4 need: who completed
/// which module teaching which requirement or check, when.
/// </summary>
public sealed class Evaluation(IDbContextFactory<ServiceCoachDbContext> dbFactory, TimeProvider clock)
{
    public const double ReactionTarget = 4.2;
    public const double LearningTarget = 95;

    /// <summary>A learner rates a module 1–5 (again to change it).</summary>
    public async Task<bool> RateAsync(Viewer viewer, int moduleId, int rating, string? comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (rating is < 1 or > 5)
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.ProgrammeModules.AnyAsync(m => m.Id == moduleId, cancellationToken))
        {
            return false;
        }

        var response = await db.SurveyResponses.FirstOrDefaultAsync(r => r.ModuleId == moduleId && r.UserId == viewer.UserId, cancellationToken);
        if (response is null)
        {
            response = new SurveyResponse { ModuleId = moduleId, UserId = viewer.UserId };
            db.SurveyResponses.Add(response);
        }

        response.Rating = rating;
        var text = (comment ?? "").Trim();
        response.Comment = text.Length > 2000 ? text[..2000] : text;
        response.AtUtc = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return false;
        }

        return true;
    }

    public async Task<int?> MyRatingAsync(Viewer viewer, int moduleId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.SurveyResponses.AsNoTracking().Where(r => r.ModuleId == moduleId && r.UserId == viewer.UserId).Select(r => (int?)r.Rating).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ModuleReaction>> ReactionsAsync(Viewer viewer, int? programmeId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.ViewLearningRecords))
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from m in db.ProgrammeModules.AsNoTracking()
                          join ph in db.ProgrammePhases.AsNoTracking() on m.PhaseId equals ph.Id
                          join p in db.Programmes.AsNoTracking() on ph.ProgrammeId equals p.Id
                          where !p.IsTemplate && (programmeId == null || p.Id == programmeId)
                          orderby p.Id, ph.Position, m.Position
                          select new
                          {
                              m.Id,
                              m.Title,
                              p.Name,
                              // Two subqueries, not a `let` of the responses: EF cannot project an IQueryable.
                              Count = db.SurveyResponses.Count(r => r.ModuleId == m.Id),
                              Average = db.SurveyResponses.Where(r => r.ModuleId == m.Id).Average(r => (double?)r.Rating),
                          }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new ModuleReaction(r.Id, r.Title, r.Name, r.Count, r.Average is { } a ? Math.Round(a, 2) : null, ReactionTarget))];
    }

    /// <summary>Per exam paper: learners with a graded attempt and how many passed (their best attempt).</summary>
    public async Task<IReadOnlyList<ExamPassRate>> PassRatesAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.ViewLearningRecords))
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from a in Exams.VisibleAttempts(db, viewer)
                          where a.Passed != null
                          group a by new { a.PaperId, a.UserId } into g
                          select new { g.Key.PaperId, Passed = g.Any(a => a.Passed == true) }).ToListAsync(cancellationToken);
        var titles = await db.ExamPapers.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Title, cancellationToken);
        return [.. rows.GroupBy(r => r.PaperId).Select(g => new ExamPassRate(g.Key, titles.GetValueOrDefault(g.Key, "#" + g.Key), g.Count(), g.Count(x => x.Passed),
            Math.Round(g.Count(x => x.Passed) * 100.0 / g.Count(), 1), LearningTarget)).OrderBy(r => r.PaperId)];
    }

    /// <summary>For every completed module: the learner, each requirement or check the module teaches, and when.</summary>
    public async Task<IReadOnlyList<TrainedRequirement>> TrainedRequirementsAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var visible = TrainingAccess.VisibleLearners(db, viewer).Select(u => u.Id);
        var rows = await (from r in db.LearningRecords.AsNoTracking()
                          where r.Status == LearningStatus.Completed && r.CompletedAtUtc != null && visible.Contains(r.UserId)
                          join m in db.ProgrammeModules.AsNoTracking() on r.ModuleId equals m.Id
                          select new { r.UserId, m.Tags, CompletedAtUtc = r.CompletedAtUtc!.Value }).ToListAsync(cancellationToken);
        return [.. rows.SelectMany(r => TagList.Split(r.Tags).Select(tag => new TrainedRequirement(r.UserId, tag, r.CompletedAtUtc)))
            .GroupBy(t => (t.UserId, t.Tag)).Select(g => g.MinBy(t => t.CompletedAtUtc)!)];
    }
}

public sealed record CertificateView(int Id, string Code, string UserId, string LearnerName, int ProgrammeId, string ProgrammeName, double CompositePercent, DateTime IssuedAtUtc, string IssuedBy, bool Revoked);

/// <summary>
/// Certificates for a passed programme (composite grade at or above the pass mark), each with a
/// random verification code that the public page /verify/{code} checks, and a PDF.
/// </summary>
public sealed class Certificates(IDbContextFactory<ServiceCoachDbContext> dbFactory, TrainingGrades grades, TimeProvider clock)
{
    /// <summary>Issues (or returns the existing) certificate; null when the learner has not passed the programme.</summary>
    public async Task<CertificateView?> IssueAsync(Viewer viewer, string userId, int programmeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.ManageTraining))
        {
            return null;
        }

        var grade = await grades.ProgrammeGradeAsync(viewer, userId, programmeId, cancellationToken);
        if (grade?.Grade.Passed != true)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.UserId == userId && c.ProgrammeId == programmeId && c.RevokedAtUtc == null, cancellationToken);
        if (existing is not null)
        {
            return View(existing);
        }

        var certificate = new Certificate
        {
            Code = NewCode(),
            UserId = userId,
            ProgrammeId = programmeId,
            LearnerName = grade.LearnerName,
            ProgrammeName = grade.ProgrammeName,
            CompositePercent = grade.Grade.Total!.Value,
            IssuedAtUtc = clock.GetUtcNow().UtcDateTime,
            IssuedBy = viewer.UserName,
        };
        db.Certificates.Add(certificate);
        await db.SaveChangesAsync(cancellationToken);
        AuditLog.Record(db, clock, viewer, "certificate.issue", "certificate", certificate.Code, new { userId, programmeId, certificate.CompositePercent });
        await db.SaveChangesAsync(cancellationToken);
        return View(certificate);
    }

    /// <summary>Anyone may check a code: the public verification page.</summary>
    public async Task<CertificateView?> VerifyAsync(string code, CancellationToken cancellationToken = default)
    {
        var normal = (code ?? "").Trim().ToUpperInvariant();
        if (normal.Length is < 8 or > 32)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var certificate = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.Code == normal, cancellationToken);
        return certificate is null ? null : View(certificate);
    }

    public async Task<IReadOnlyList<CertificateView>> ForUserAsync(Viewer viewer, string userId, CancellationToken cancellationToken = default)
    {
        if (!await TrainingAccess.MaySeeLearnerAsync(dbFactory, viewer, userId, cancellationToken))
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Certificates.AsNoTracking().Where(c => c.UserId == userId).OrderByDescending(c => c.IssuedAtUtc).ToListAsync(cancellationToken);
        return [.. rows.Select(View)];
    }

    /// <summary>The certificate as a PDF, for its holder and those who may see their records.</summary>
    public async Task<byte[]?> PdfAsync(Viewer viewer, string code, string verifyUrl, CancellationToken cancellationToken = default)
    {
        var certificate = await VerifyAsync(code, cancellationToken);
        if (certificate is null || !await TrainingAccess.MaySeeLearnerAsync(dbFactory, viewer, certificate.UserId, cancellationToken))
        {
            return null;
        }

        return CertificatePdf.Render(certificate, verifyUrl);
    }

    private static CertificateView View(Certificate c) => new(c.Id, c.Code, c.UserId, c.LearnerName, c.ProgrammeId, c.ProgrammeName, c.CompositePercent, c.IssuedAtUtc, c.IssuedBy, c.RevokedAtUtc is not null);

    /// <summary>12 characters from an alphabet without look-alikes (no 0/O, 1/I/L): about 60 bits, unguessable.</summary>
    private static string NewCode()
    {
        const string alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
        return RandomNumberGenerator.GetString(alphabet, 12);
    }
}

/// <summary>
/// Learning records as xAPI statements (Experience API 1.0.3), for a learning record store or
/// another LMS: exam attempts (passed / failed / completed with scaled score), completed modules,
/// practical results (scored). The actor is the learner's account on this site.
/// </summary>
public sealed class XApiExport(IDbContextFactory<ServiceCoachDbContext> dbFactory)
{
    public async Task<JsonArray> StatementsAsync(Viewer viewer, string siteUrl, string? userId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var learners = TrainingAccess.VisibleLearners(db, viewer);
        if (userId is not null)
        {
            learners = learners.Where(u => u.Id == userId);
        }

        var people = await learners.Select(u => new { u.Id, u.UserName, u.DisplayName }).ToDictionaryAsync(u => u.Id, cancellationToken);
        var ids = people.Keys.ToList();
        var attempts = await (from a in db.ExamAttempts.AsNoTracking()
                              where ids.Contains(a.UserId) && a.State == AttemptState.Submitted
                              join p in db.ExamPapers.AsNoTracking() on a.PaperId equals p.Id
                              select new { a.Id, a.UserId, a.PaperId, p.Title, a.Score, a.MaxScore, a.Percent, a.Passed, a.SubmittedAtUtc, a.StartedAtUtc }).ToListAsync(cancellationToken);
        var modules = await (from r in db.LearningRecords.AsNoTracking()
                             where ids.Contains(r.UserId) && r.Status == LearningStatus.Completed
                             join m in db.ProgrammeModules.AsNoTracking() on r.ModuleId equals m.Id
                             select new { r.UserId, m.Id, m.Title, m.Kind, r.CompletedAtUtc, r.TimeSpentSeconds }).ToListAsync(cancellationToken);
        var practical = await db.PracticalResults.AsNoTracking().Where(r => ids.Contains(r.UserId)).ToListAsync(cancellationToken);
        var site = siteUrl.TrimEnd('/');
        var statements = new JsonArray();
        foreach (var a in attempts.OrderBy(a => a.SubmittedAtUtc))
        {
            var verb = a.Passed switch { true => "passed", false => "failed", _ => "completed" };
            var result = new JsonObject { ["completion"] = true };
            if (a.Passed is { } passed)
            {
                result["success"] = passed;
            }

            if (a.Percent is { } percent)
            {
                result["score"] = new JsonObject { ["scaled"] = Math.Round(percent / 100, 4), ["raw"] = a.Score, ["min"] = 0, ["max"] = a.MaxScore };
            }

            statements.Add(Statement(Uuid("attempt", a.Id.ToString(CultureInfo.InvariantCulture)), people[a.UserId].UserName ?? a.UserId, people[a.UserId].DisplayName, site, verb,
                $"{site}/training/exams/{a.PaperId.ToString(CultureInfo.InvariantCulture)}", a.Title, "http://adlnet.gov/expapi/activities/assessment", result, a.SubmittedAtUtc ?? a.StartedAtUtc));
        }

        foreach (var m in modules.OrderBy(m => m.CompletedAtUtc))
        {
            var result = new JsonObject { ["completion"] = true, ["duration"] = $"PT{m.TimeSpentSeconds.ToString(CultureInfo.InvariantCulture)}S" };
            statements.Add(Statement(Uuid("module", m.UserId + "/" + m.Id.ToString(CultureInfo.InvariantCulture)), people[m.UserId].UserName ?? m.UserId, people[m.UserId].DisplayName, site, "completed",
                $"{site}/training/modules/{m.Id.ToString(CultureInfo.InvariantCulture)}", m.Title, "http://adlnet.gov/expapi/activities/module", result, m.CompletedAtUtc ?? DateTime.UnixEpoch));
        }

        foreach (var r in practical.OrderBy(r => r.AssessedAtUtc))
        {
            var result = new JsonObject { ["score"] = new JsonObject { ["scaled"] = Math.Round(r.ScorePercent / 100, 4), ["raw"] = r.ScorePercent, ["min"] = 0, ["max"] = 100 } };
            statements.Add(Statement(Uuid("practical", r.Id.ToString(CultureInfo.InvariantCulture)), people[r.UserId].UserName ?? r.UserId, people[r.UserId].DisplayName, site, "scored",
                $"{site}/training/practical/{Uri.EscapeDataString(r.Source)}/{Uri.EscapeDataString(r.Reference)}", r.Reference, "http://adlnet.gov/expapi/activities/performance", result, r.AssessedAtUtc));
        }

        return statements;
    }

    private static JsonObject Statement(string id, string account, string name, string site, string verb, string activity, string activityName, string activityType, JsonObject result, DateTime at) => new()
    {
        ["id"] = id,
        ["actor"] = new JsonObject
        {
            ["objectType"] = "Agent",
            ["name"] = name,
            ["account"] = new JsonObject { ["homePage"] = site, ["name"] = account },
        },
        ["verb"] = new JsonObject
        {
            ["id"] = "http://adlnet.gov/expapi/verbs/" + verb,
            ["display"] = new JsonObject { ["en-US"] = verb },
        },
        ["object"] = new JsonObject
        {
            ["objectType"] = "Activity",
            ["id"] = activity,
            ["definition"] = new JsonObject
            {
                ["name"] = new JsonObject { ["zh-CN"] = activityName },
                ["type"] = activityType,
            },
        },
        ["result"] = result,
        ["timestamp"] = DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        ["version"] = "1.0.3",
    };

    /// <summary>A stable statement id (a name-based UUID), so exporting twice gives the same ids and an LRS ignores duplicates.</summary>
    private static string Uuid(string kind, string key)
    {
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("servicecoach:" + kind + ":" + key));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
