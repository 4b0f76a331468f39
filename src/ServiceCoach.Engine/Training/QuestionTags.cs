using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace ServiceCoach.Training;

/// <summary>
/// What ServiceCoach reads from a question's tags: requirement ids (<c>R-CMP-3</c>), difficulty
/// (<c>difficulty:1</c>…<c>difficulty:3</c>), and the ids of what it teaches — a check, lexicon or
/// flow of the service standard (<c>empathy</c>, <c>complaint-flow</c>) or a curriculum topic.
/// </summary>
public static partial class QuestionTags
{
    /// <summary>Curriculum topics (R-TRN-1) that are not checks of the standard: the theories the course teaches.</summary>
    public static IReadOnlyList<string> CurriculumTopics { get; } =
        ["servqual", "kano", "scqa", "sbi", "sandwich-feedback", "interest-reframing", "pdca", "kirkpatrick"];

    public static bool IsRequirement(string tag) => RequirementPattern().IsMatch(tag);

    /// <summary>1 (basic), 2 (applied) or 3 (hard) from a <c>difficulty:N</c> tag; null when there is none.</summary>
    public static int? Difficulty(IEnumerable<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        foreach (var tag in tags)
        {
            if (tag.StartsWith("difficulty:", StringComparison.Ordinal)
                && int.TryParse(tag.AsSpan(11), NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level is >= 1 and <= 3)
            {
                return level;
            }
        }

        return null;
    }

    /// <summary>The tags that say what a question teaches: everything but difficulty (requirements included).</summary>
    public static IEnumerable<string> Taught(IEnumerable<string> tags) =>
        tags.Where(tag => !tag.StartsWith("difficulty:", StringComparison.Ordinal));

    [GeneratedRegex(@"^R-(STD|QA|CMP|PRA|TRN|TEAM|CUS)-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RequirementPattern();
}

/// <summary>The starter question bank shipped with ServiceCoach (training/question-bank/*.gift, embedded at build time).</summary>
public static class ShippedQuestionBank
{
    private const string Prefix = "ServiceCoach.Training.QuestionBank.";

    /// <summary>Each file's name and bytes, in file-name order.</summary>
    public static IReadOnlyList<(string FileName, byte[] Content)> Files { get; } = Load();

    private static (string, byte[])[] Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        return [.. assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                return (name[Prefix.Length..], buffer.ToArray());
            })];
    }
}
