using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;

namespace ServiceCoach.Training;

/// <summary>
/// First-start training content: the programme templates and the starter question bank always (a
/// trainer starts from them); with the demo organisation also a copy of the 2026 programme, a
/// cohort of the demo agents, and two published exams, so every training page has something to show.
/// </summary>
public sealed class TrainingSeeder(IDbContextFactory<ServiceCoachDbContext> dbFactory, QuestionBank bank, Programmes programmes, Cohorts cohorts, TimeProvider clock)
{
    public const string DemoProgramme = "2026 年一线员工客户服务培训（演示班）";
    public const string DemoCohort = "2026Q1 演示班";
    public const string DemoQuiz = "服务标准入门测验";

    public async Task SeedAsync(bool demo, CancellationToken cancellationToken = default)
    {
        await programmes.EnsureTemplatesAsync(cancellationToken);
        await bank.EnsureStarterBankAsync(cancellationToken);
        if (!demo)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Programmes.AnyAsync(p => !p.IsTemplate, cancellationToken))
        {
            return;
        }

        var template = await db.Programmes.AsNoTracking().Where(p => p.IsTemplate && p.TemplateId == "frontline-2026").Select(p => p.Id).FirstAsync(cancellationToken);
        var programme = await programmes.CopyAsync(Viewer.System, template, DemoProgramme, cancellationToken) ?? throw new InvalidOperationException("The demo programme could not be created.");
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var cohort = await cohorts.CreateAsync(Viewer.System, DemoCohort, programme, today.AddDays(-7), today.AddDays(21), cancellationToken)
            ?? throw new InvalidOperationException("The demo cohort could not be created.");
        var agents = await db.Users.AsNoTracking().Where(u => u.AgentCode != null).Select(u => u.UserName!).ToListAsync(cancellationToken);
        await cohorts.AddMembersAsync(Viewer.System, cohort, agents, cancellationToken);

        // The programme's drafted exams go live for the demo, restricted to the demo cohort.
        await db.ExamPapers.Where(p => p.ProgrammeId == programme).ExecuteUpdateAsync(s => s.SetProperty(p => p.Published, true).SetProperty(p => p.CohortId, cohort), cancellationToken);

        // A short quiz every demo user can take, with an essay for the grading queue.
        var essay = await db.BankQuestions.AsNoTracking().Where(q => q.Type == "essay" && q.IdNumber == "fp-17").Select(q => (long?)q.Id).FirstOrDefaultAsync(cancellationToken);
        var rules = new List<ExamRule> { ExamRule.Draw(6, category: "服务标准", difficulty: 1), ExamRule.Draw(3, category: "投诉处理", difficulty: 1) };
        if (essay is { } id)
        {
            rules.Add(ExamRule.Fixed(id, 2));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.ExamPapers.Add(new ExamPaper
        {
            Title = DemoQuiz,
            Description = "10 道题：响应时效、电话礼仪、禁语改写、投诉流程，最后一道问答题由培训师阅卷。限时 20 分钟，可作答 3 次。",
            ProgrammeId = programme,
            TimeLimitMinutes = 20,
            MaxAttempts = 3,
            ShuffleAnswers = true,
            PassPercent = 60,
            Published = true,
            RulesJson = JsonSerializer.Serialize(rules),
            CreatedBy = "system",
            CreatedAtUtc = now,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
