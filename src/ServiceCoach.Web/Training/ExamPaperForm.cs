using System.Globalization;
using ServiceCoach.Training;

namespace ServiceCoach.Web.Training;

/// <summary>The exam paper editor's fields (create and edit).</summary>
public sealed class ExamPaperForm
{
    public string? Title { get; set; }

    public string? Description { get; set; }

    public string? Rules { get; set; }

    public int? TimeLimitMinutes { get; set; }

    /// <summary>Local date-time text from the browser (datetime-local), interpreted in the server's zone.</summary>
    public string? Opens { get; set; }

    public string? Closes { get; set; }

    public int MaxAttempts { get; set; } = 1;

    public double PassPercent { get; set; } = 60;

    public bool ShuffleQuestions { get; set; }

    public bool ShuffleAnswers { get; set; } = true;

    public bool Published { get; set; }

    public int? ProgrammeId { get; set; }

    public int? ModuleId { get; set; }

    public int? CohortId { get; set; }

    /// <param name="organisationTime">The zone the opens/closes wall-clock times are in.</param>
    public (ExamPaperInput? Input, IReadOnlyList<string> Problems) ToInput(OrganisationTime organisationTime)
    {
        var (rules, problems) = ExamRuleText.Parse(Rules);
        var list = problems.ToList();
        var opens = ParseTime(Opens, "opens", list, organisationTime);
        var closes = ParseTime(Closes, "closes", list, organisationTime);
        if (list.Count > 0)
        {
            return (null, list);
        }

        return (new ExamPaperInput(Title ?? "", Description ?? "", rules, TimeLimitMinutes is > 0 ? TimeLimitMinutes : null, opens, closes,
            MaxAttempts, ShuffleQuestions, ShuffleAnswers, PassPercent, Published, ProgrammeId, ModuleId, CohortId), []);
    }

    public static ExamPaperForm From(ExamPaperView paper, OrganisationTime organisationTime) => new()
    {
        Title = paper.Title,
        Description = paper.Description,
        Rules = ExamRuleText.Format(paper.Rules),
        TimeLimitMinutes = paper.TimeLimitMinutes,
        Opens = paper.OpensAtUtc is { } opens ? organisationTime.Format(opens, "yyyy-MM-ddTHH:mm") : null,
        Closes = paper.ClosesAtUtc is { } closes ? organisationTime.Format(closes, "yyyy-MM-ddTHH:mm") : null,
        MaxAttempts = paper.MaxAttempts,
        PassPercent = paper.PassPercent,
        ShuffleQuestions = paper.ShuffleQuestions,
        ShuffleAnswers = paper.ShuffleAnswers,
        Published = paper.Published,
        ProgrammeId = paper.ProgrammeId,
        ModuleId = paper.ModuleId,
        CohortId = paper.CohortId,
    };

    private static DateTime? ParseTime(string? text, string name, List<string> problems, OrganisationTime organisationTime)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // A datetime-local field: a wall-clock time in the organisation's zone.
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return organisationTime.ToUtc(local);
        }

        problems.Add($"The {name} time '{text}' is not a date and time.");
        return null;
    }
}
