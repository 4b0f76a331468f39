using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;

namespace ServiceCoach.Training;

public sealed record ProgrammeSummary(int Id, string Name, string Audience, bool IsTemplate, string TemplateId, int Phases, int Modules, double TheoryWeight, double PassMark, double PassRateTarget);

public sealed record ModuleView(int Id, int Position, string Title, ModuleKind Kind, BlendPart Blend, int Minutes, IReadOnlyList<string> Tags, string Url, bool IsExam, bool IsPractical, int? ExamPaperId);

public sealed record PhaseView(int Id, int Position, string Name, IReadOnlyList<ModuleView> Modules);

/// <param name="BlendActual">Each blend part's share of the programme's minutes, percent.</param>
public sealed record ProgrammeDetail(ProgrammeSummary Summary, string Description, IReadOnlyList<PhaseView> Phases,
    IReadOnlyDictionary<BlendPart, double> BlendTarget, IReadOnlyDictionary<BlendPart, double> BlendActual);

/// <summary>What a trainer may change about a programme.</summary>
public sealed record ProgrammeSettings(string Name, string Description, double TheoryWeight, double PassMark, double PassRateTarget);

/// <summary>
/// Programmes → phases → modules (R-TRN-2/3/4/5). The shipped 2026 templates (training/programmes/2026.yaml)
/// are loaded on the first start as read-only templates; a trainer copies one, and the copy's exam
/// modules get draft exam papers drawn from the bank, ready to review and publish.
/// </summary>
public sealed class Programmes(IDbContextFactory<ServiceCoachDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Creates the shipped templates that are not in the database yet.</summary>
    public async Task<int> EnsureTemplatesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.Programmes.Where(p => p.IsTemplate).Select(p => p.TemplateId).ToListAsync(cancellationToken);
        var created = 0;
        foreach (var template in ProgrammeTemplates.Default.Programmes.Where(t => !existing.Contains(t.Id)))
        {
            db.Programmes.Add(FromTemplate(template, template.Name, isTemplate: true));
            created++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return created;
    }

    public async Task<IReadOnlyList<ProgrammeSummary>> ListAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Programmes.AsNoTracking().Include(p => p.Phases).ThenInclude(ph => ph.Modules)
            .OrderBy(p => p.IsTemplate).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(Summary)];
    }

    public async Task<ProgrammeDetail?> GetAsync(Viewer viewer, int programmeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var programme = await db.Programmes.AsNoTracking().Include(p => p.Phases).ThenInclude(ph => ph.Modules).FirstOrDefaultAsync(p => p.Id == programmeId, cancellationToken);
        if (programme is null)
        {
            return null;
        }

        var moduleIds = programme.Phases.SelectMany(p => p.Modules).Select(m => m.Id).ToList();
        var papers = await db.ExamPapers.AsNoTracking().Where(p => p.ModuleId != null && moduleIds.Contains(p.ModuleId.Value))
            .Select(p => new { p.Id, ModuleId = p.ModuleId!.Value }).ToListAsync(cancellationToken);
        var phases = programme.Phases.OrderBy(p => p.Position).Select(ph => new PhaseView(ph.Id, ph.Position, ph.Name,
            [.. ph.Modules.OrderBy(m => m.Position).Select(m => ToView(m, papers.FirstOrDefault(p => p.ModuleId == m.Id)?.Id))])).ToList();
        var minutes = phases.SelectMany(p => p.Modules).Sum(m => m.Minutes);
        var actual = Enum.GetValues<BlendPart>().ToDictionary(part => part, part => minutes == 0 ? 0 : Math.Round(phases.SelectMany(p => p.Modules).Where(m => m.Blend == part).Sum(m => m.Minutes) * 100.0 / minutes, 1));
        return new ProgrammeDetail(Summary(programme), programme.Description, phases, Blend(programme.BlendJson), actual);
    }

    /// <summary>Copies a programme (typically a template) as a new, editable programme; exam modules get draft exam papers.</summary>
    public async Task<int?> CopyAsync(Viewer viewer, int programmeId, string name, CancellationToken cancellationToken = default)
    {
        RequireManage(viewer);
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var source = await db.Programmes.AsNoTracking().Include(p => p.Phases).ThenInclude(ph => ph.Modules).FirstOrDefaultAsync(p => p.Id == programmeId, cancellationToken);
        if (source is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var copy = new Programme
        {
            Name = name.Trim(),
            Description = source.Description,
            Audience = source.Audience,
            TemplateId = source.TemplateId,
            IsTemplate = false,
            TheoryWeight = source.TheoryWeight,
            PassMark = source.PassMark,
            PassRateTarget = source.PassRateTarget,
            BlendJson = source.BlendJson,
            CreatedAtUtc = now,
            Phases = [.. source.Phases.OrderBy(p => p.Position).Select(ph => new ProgrammePhase
            {
                Position = ph.Position,
                Name = ph.Name,
                Modules = [.. ph.Modules.OrderBy(m => m.Position).Select(m => new ProgrammeModule
                {
                    Position = m.Position, Title = m.Title, Kind = m.Kind, Blend = m.Blend, Minutes = m.Minutes, Tags = m.Tags, Url = m.Url, IsExam = m.IsExam, IsPractical = m.IsPractical,
                })],
            })],
        };
        db.Programmes.Add(copy);
        await db.SaveChangesAsync(cancellationToken);

        foreach (var module in copy.Phases.SelectMany(p => p.Modules).Where(m => m.IsExam))
        {
            db.ExamPapers.Add(new ExamPaper
            {
                Title = $"{copy.Name} · {module.Title}",
                Description = "根据培训计划自动生成的草稿试卷：请检查题目后发布。",
                ProgrammeId = copy.Id,
                ModuleId = module.Id,
                TimeLimitMinutes = Math.Clamp(module.Minutes, 10, 180),
                MaxAttempts = 2,
                ShuffleQuestions = true,
                ShuffleAnswers = true,
                PassPercent = copy.PassMark,
                Published = false,
                RulesJson = JsonSerializer.Serialize(DraftRules(module)),
                CreatedBy = viewer.UserName,
                CreatedAtUtc = now,
            });
        }

        AuditLog.Record(db, clock, viewer, "programme.copy", "programme", copy.Id.ToString(CultureInfo.InvariantCulture), new { from = programmeId, copy.Name });
        await db.SaveChangesAsync(cancellationToken);
        return copy.Id;
    }

    public async Task<IReadOnlyList<string>> UpdateAsync(Viewer viewer, int programmeId, ProgrammeSettings settings, CancellationToken cancellationToken = default)
    {
        RequireManage(viewer);
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(settings.Name) || settings.Name.Trim().Length > 200)
        {
            problems.Add("The name is required (at most 200 characters).");
        }

        if (settings.TheoryWeight is < 0 or > 1 || settings.PassMark is < 0 or > 100 || settings.PassRateTarget is < 0 or > 100)
        {
            problems.Add("The theory weight is 0–1 (0.4 = 40 %); the pass mark and pass-rate target are 0–100.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var programme = await db.Programmes.FirstOrDefaultAsync(p => p.Id == programmeId, cancellationToken);
        if (programme is null || programme.IsTemplate)
        {
            problems.Add("Templates cannot be changed: copy the template first.");
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        programme!.Name = settings.Name.Trim();
        programme.Description = settings.Description.Trim();
        programme.TheoryWeight = settings.TheoryWeight;
        programme.PassMark = settings.PassMark;
        programme.PassRateTarget = settings.PassRateTarget;
        AuditLog.Record(db, clock, viewer, "programme.update", "programme", programmeId.ToString(CultureInfo.InvariantCulture), settings);
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    /// <summary>A module with its programme, for the module page.</summary>
    public async Task<(ModuleView Module, string Phase, int ProgrammeId, string Programme)?> ModuleAsync(int moduleId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await (from m in db.ProgrammeModules.AsNoTracking()
                         join ph in db.ProgrammePhases.AsNoTracking() on m.PhaseId equals ph.Id
                         join p in db.Programmes.AsNoTracking() on ph.ProgrammeId equals p.Id
                         where m.Id == moduleId
                         select new { m, Phase = ph.Name, ProgrammeId = p.Id, p.Name }).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var paper = await db.ExamPapers.AsNoTracking().Where(p => p.ModuleId == moduleId).Select(p => (int?)p.Id).FirstOrDefaultAsync(cancellationToken);
        return (ToView(row.m, paper), row.Phase, row.ProgrammeId, row.Name);
    }

    public async Task<string?> UserIdOfAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var normal = userName.Trim().ToUpperInvariant();
        return await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normal).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
    }

    public static IReadOnlyList<CareerStep> CareerPath => ProgrammeTemplates.Default.CareerPath;

    private static IReadOnlyList<ExamRule> DraftRules(ProgrammeModule module)
    {
        // Exam modules draw from the whole bank by difficulty: the basics and the applied questions.
        var count = Math.Clamp(module.Minutes / 2, 10, 40);
        return [ExamRule.Draw(count * 2 / 3, difficulty: 1), ExamRule.Draw(count - (count * 2 / 3), difficulty: 2)];
    }

    private static Programme FromTemplate(ProgrammeTemplate template, string name, bool isTemplate) => new()
    {
        Name = name,
        Description = template.Description,
        Audience = template.Audience,
        TemplateId = template.Id,
        IsTemplate = isTemplate,
        TheoryWeight = template.TheoryWeight,
        PassMark = template.PassMark,
        PassRateTarget = template.PassRateTarget,
        BlendJson = JsonSerializer.Serialize(template.Blend.ToDictionary(b => ModuleKinds.BlendName(b.Key), b => b.Value)),
        Phases = [.. template.Phases.Select((phase, i) => new ProgrammePhase
        {
            Position = i,
            Name = phase.Name,
            Modules = [.. phase.Modules.Select((m, j) => new ProgrammeModule
            {
                Position = j,
                Title = m.Title,
                Kind = ModuleKinds.Name(m.Kind),
                Blend = ModuleKinds.BlendName(m.Blend),
                Minutes = m.Minutes,
                Tags = TagList.Join(m.Tags),
                IsExam = m.Exam,
                IsPractical = m.Practical,
            })],
        })],
    };

    private static ModuleView ToView(ProgrammeModule m, int? paper) => new(m.Id, m.Position, m.Title, ModuleKinds.Parse(m.Kind) ?? ModuleKind.Reading,
        ModuleKinds.ParseBlend(m.Blend) ?? BlendPart.ProductKnowledge, m.Minutes, TagList.Split(m.Tags), m.Url, m.IsExam, m.IsPractical, paper);

    private static ProgrammeSummary Summary(Programme p) => new(p.Id, p.Name, p.Audience, p.IsTemplate, p.TemplateId, p.Phases.Count, p.Phases.Sum(ph => ph.Modules.Count),
        p.TheoryWeight, p.PassMark, p.PassRateTarget);

    private static Dictionary<BlendPart, double> Blend(string json)
    {
        var values = JsonSerializer.Deserialize<Dictionary<string, double>>(json) ?? [];
        return values.Where(v => ModuleKinds.ParseBlend(v.Key) is not null).ToDictionary(v => ModuleKinds.ParseBlend(v.Key)!.Value, v => v.Value);
    }

    private static void RequireManage(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.ManageTraining))
        {
            throw new UnauthorizedAccessException("Only trainers and admins manage programmes.");
        }
    }
}
