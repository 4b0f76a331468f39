using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;

namespace ServiceCoach.Training;

/// <summary>A bank question as lists show it.</summary>
public sealed record BankQuestionSummary(long Id, string Category, string IdNumber, string Name, string Type, int? Difficulty, IReadOnlyList<string> Tags, string Text, DateTime UpdatedAtUtc);

/// <summary>The outcome of importing a question file into the bank.</summary>
public sealed record BankImportResult(int Added, int Updated, IReadOnlyList<QuestionImportError> Errors, QuestionImportError? FileError)
{
    public bool Succeeded => FileError is null;
}

/// <summary>Filters for the bank list and for random draws.</summary>
public sealed record BankFilter(string? Category = null, string? Tag = null, int? Difficulty = null, string? Type = null, string? Search = null);

/// <summary>
/// The question bank (题库): GIFT / Moodle XML / JSON files imported with every error kept,
/// questions listed and filtered by category, tag, difficulty and type, GIFT export. A question
/// with an id number is updated, not duplicated, when its file is imported again. Trainers and
/// admins manage the bank; every change is audited.
/// </summary>
public sealed class QuestionBank(IDbContextFactory<ServiceCoachDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxPageSize = 500;
    public const string StarterSource = "starter bank";

    public async Task<BankImportResult> ImportAsync(Viewer viewer, string fileName, byte[] content, string? defaultCategory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.ManageTraining))
        {
            throw new UnauthorizedAccessException("Only trainers and admins manage the question bank.");
        }

        var result = QuestionFiles.Read(fileName, content, new GiftReadOptions(AcceptUtf16: true));
        if (result.FileError is not null)
        {
            return new BankImportResult(0, 0, result.Errors, result.FileError);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (added, updated) = await StoreAsync(db, result.Questions, fileName, defaultCategory, cancellationToken);
        AuditLog.Record(db, clock, viewer, "questions.import", "question-bank", fileName, new { added, updated, errors = result.Errors.Count });
        await db.SaveChangesAsync(cancellationToken);
        return new BankImportResult(added, updated, result.Errors, null);
    }

    /// <summary>Loads the shipped starter bank once, into an empty bank (first start).</summary>
    public async Task<int> EnsureStarterBankAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.BankQuestions.AnyAsync(cancellationToken))
        {
            return 0;
        }

        var total = 0;
        foreach (var (fileName, content) in ShippedQuestionBank.Files)
        {
            var read = GiftReader.ReadFile(content);
            var (added, _) = await StoreAsync(db, read.Questions, StarterSource, null, cancellationToken);
            total += added;
        }

        await db.SaveChangesAsync(cancellationToken);
        return total;
    }

    private async Task<(int Added, int Updated)> StoreAsync(ServiceCoachDbContext db, IEnumerable<Question> questions, string source, string? defaultCategory, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var category = defaultCategory is { Length: > 0 } given ? given : "默认";
        var added = 0;
        var updated = 0;
        foreach (var question in questions)
        {
            if (question.Type == QuestionType.Category)
            {
                category = CleanCategory(question.CategoryPath);
                continue;
            }

            var record = question.IdNumber.Length == 0
                ? null
                : db.BankQuestions.Local.FirstOrDefault(q => q.Category == category && q.IdNumber == question.IdNumber)
                  ?? await db.BankQuestions.FirstOrDefaultAsync(q => q.Category == category && q.IdNumber == question.IdNumber, cancellationToken);
            if (record is null)
            {
                record = new BankQuestion { CreatedAtUtc = now };
                db.BankQuestions.Add(record);
                added++;
            }
            else
            {
                updated++;
            }

            record.Category = category;
            record.IdNumber = question.IdNumber;
            record.Name = Truncate(question.Name, 255);
            record.Type = QuestionTypes.Name(question.Type);
            record.Difficulty = QuestionTags.Difficulty(question.Tags);
            record.Tags = TagList.Join(question.Tags);
            record.Json = QuestionJson.Write(question with { Moodle = question.Moodle with { Id = null } });
            record.Archived = false;
            record.Source = Truncate(source, 255);
            record.UpdatedAtUtc = now;
        }

        return (added, updated);
    }

    /// <summary>Moodle writes "$course$/top/…" paths; the context and the "top" level mean nothing here.</summary>
    public static string CleanCategory(string path)
    {
        var parts = path.Split('/', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        if (parts.Count > 0 && parts[0].StartsWith('$') && parts[0].EndsWith('$'))
        {
            parts.RemoveAt(0);
        }

        if (parts.Count > 1 && parts[0] == "top")
        {
            parts.RemoveAt(0);
        }

        return parts.Count == 0 ? "默认" : Truncate(string.Join('/', parts), 300);
    }

    public async Task<(IReadOnlyList<BankQuestionSummary> Items, int Total)> ListAsync(Viewer viewer, BankFilter filter, int page = 1, int pageSize = 100, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(filter);
        Require(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Filtered(db, filter);
        var total = await query.CountAsync(cancellationToken);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var rows = await query.OrderBy(q => q.Category).ThenBy(q => q.Id)
            .Skip(Paging.Offset(page, pageSize)).Take(pageSize)
            .ToListAsync(cancellationToken);
        return ([.. rows.Select(Summary)], total);
    }

    public async Task<IReadOnlyList<string>> CategoriesAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        Require(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.BankQuestions.AsNoTracking().Where(q => !q.Archived).Select(q => q.Category).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
    }

    /// <summary>Every tag in use with how many questions carry it.</summary>
    public async Task<IReadOnlyList<(string Tag, int Count)>> TagsAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        Require(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tags = await db.BankQuestions.AsNoTracking().Where(q => !q.Archived).Select(q => q.Tags).ToListAsync(cancellationToken);
        return [.. tags.SelectMany(TagList.Split).GroupBy(t => t, StringComparer.Ordinal).Select(g => (g.Key, g.Count())).OrderBy(t => t.Key, StringComparer.Ordinal)];
    }

    public async Task<(BankQuestionSummary Summary, Question Question)?> GetAsync(Viewer viewer, long id, CancellationToken cancellationToken = default)
    {
        Require(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.BankQuestions.AsNoTracking().FirstOrDefaultAsync(q => q.Id == id, cancellationToken);
        return record is null ? null : (Summary(record), Parse(record.Json));
    }

    public async Task<bool> ArchiveAsync(Viewer viewer, long id, CancellationToken cancellationToken = default)
    {
        Require(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await db.BankQuestions.Where(q => q.Id == id && !q.Archived).ExecuteUpdateAsync(s => s.SetProperty(q => q.Archived, true), cancellationToken);
        if (changed > 0)
        {
            AuditLog.Record(db, clock, viewer, "question.archive", "question", id.ToString(System.Globalization.CultureInfo.InvariantCulture), new { });
            await db.SaveChangesAsync(cancellationToken);
        }

        return changed > 0;
    }

    /// <summary>The filtered questions as GIFT, with a $CATEGORY: switch before each category (a file Moodle imports).</summary>
    public async Task<string> ExportGiftAsync(Viewer viewer, BankFilter filter, CancellationToken cancellationToken = default)
    {
        Require(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Filtered(db, filter).OrderBy(q => q.Category).ThenBy(q => q.Id).ToListAsync(cancellationToken);
        var questions = new List<Question>();
        string? category = null;
        foreach (var row in rows)
        {
            if (row.Category != category)
            {
                category = row.Category;
                questions.Add(new Question { Type = QuestionType.Category, CategoryPath = category });
            }

            questions.Add(Parse(row.Json));
        }

        return GiftWriter.WriteFile(questions);
    }

    /// <summary>What random draws choose from: every question not archived.</summary>
    internal static async Task<List<BankEntry>> EntriesAsync(ServiceCoachDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.BankQuestions.AsNoTracking().Where(q => !q.Archived)
            .Select(q => new { q.Id, q.Type, q.Category, q.Tags, q.Difficulty }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new BankEntry(r.Id, QuestionTypes.TryParse(r.Type, out var type) ? type : QuestionType.Description, r.Category, TagList.Split(r.Tags), r.Difficulty))];
    }

    internal static Question Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return QuestionJson.ReadQuestion(document.RootElement);
    }

    private static IQueryable<BankQuestion> Filtered(ServiceCoachDbContext db, BankFilter filter)
    {
        var query = db.BankQuestions.AsNoTracking().Where(q => !q.Archived);
        if (filter.Category is { Length: > 0 } category)
        {
            var under = category + "/";
            query = query.Where(q => q.Category == category || q.Category.StartsWith(under));
        }

        if (filter.Tag is { Length: > 0 } tag)
        {
            var token = "," + tag + ",";
            query = query.Where(q => q.Tags.Contains(token));
        }

        if (filter.Difficulty is { } difficulty)
        {
            query = query.Where(q => q.Difficulty == difficulty);
        }

        if (filter.Type is { Length: > 0 } type)
        {
            query = query.Where(q => q.Type == type);
        }

        if (filter.Search is { Length: > 0 } search)
        {
            query = query.Where(q => q.Name.Contains(search) || q.Json.Contains(search));
        }

        return query;
    }

    private static BankQuestionSummary Summary(BankQuestion q)
    {
        var question = Parse(q.Json);
        return new BankQuestionSummary(q.Id, q.Category, q.IdNumber, q.Name, q.Type, q.Difficulty, TagList.Split(q.Tags), question.QuestionText.Text, q.UpdatedAtUtc);
    }

    private static void Require(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.Can(Policies.ManageTraining))
        {
            throw new UnauthorizedAccessException("Only trainers and admins see the question bank.");
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}

/// <summary>Tags stored as ",a,b," (so a LIKE on ",tag," finds one on any database).</summary>
public static class TagList
{
    public static string Join(IEnumerable<string> tags) => "," + string.Join(',', tags.Where(t => t.Length > 0 && !t.Contains(',', StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)) + ",";

    public static IReadOnlyList<string> Split(string stored) => stored.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
