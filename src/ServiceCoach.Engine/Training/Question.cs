namespace ServiceCoach.Training;

/// <summary>
/// The question types of the neutral question model. They are Moodle's core types, so a bank moves
/// to and from Moodle (GIFT, Moodle XML) without loss. The neutral JSON names are in
/// <see cref="QuestionTypes"/>.
/// </summary>
public enum QuestionType
{
    /// <summary>Single choice (<see cref="Question.SingleAnswer"/>) or multiple response.</summary>
    MultipleChoice,
    TrueFalse,
    ShortAnswer,
    Matching,

    /// <summary>A number, with a tolerance; several accepted values may carry different credit.</summary>
    Numerical,

    /// <summary>Free text, graded by a person.</summary>
    Essay,

    /// <summary>Text shown between questions; not answered and not graded.</summary>
    Description,

    /// <summary>Not a question: a <c>$CATEGORY:</c> switch in a file; every question after it belongs to that category.</summary>
    Category,
}

/// <summary>The neutral schema's names for question types and text formats.</summary>
public static class QuestionTypes
{
    public static string Name(QuestionType type) => type switch
    {
        QuestionType.MultipleChoice => "multichoice",
        QuestionType.TrueFalse => "truefalse",
        QuestionType.ShortAnswer => "shortanswer",
        QuestionType.Matching => "matching",
        QuestionType.Numerical => "numerical",
        QuestionType.Essay => "essay",
        QuestionType.Description => "description",
        QuestionType.Category => "category",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static bool TryParse(string? name, out QuestionType type)
    {
        switch (name)
        {
            case "multichoice": type = QuestionType.MultipleChoice; return true;
            case "truefalse": type = QuestionType.TrueFalse; return true;
            case "shortanswer": type = QuestionType.ShortAnswer; return true;
            case "matching" or "match": type = QuestionType.Matching; return true;
            case "numerical": type = QuestionType.Numerical; return true;
            case "essay": type = QuestionType.Essay; return true;
            case "description": type = QuestionType.Description; return true;
            case "category": type = QuestionType.Category; return true;
            default: type = default; return false;
        }
    }

    public static string FormatName(TextFormat format) => format switch
    {
        TextFormat.Moodle => "moodle",
        TextFormat.Html => "html",
        TextFormat.Plain => "plain",
        TextFormat.Markdown => "markdown",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>The four names GIFT accepts in <c>[name]</c>; anything else is not a format.</summary>
    public static bool TryParseFormat(string? name, out TextFormat format)
    {
        switch (name)
        {
            case "moodle": format = TextFormat.Moodle; return true;
            case "html": format = TextFormat.Html; return true;
            case "plain": format = TextFormat.Plain; return true;
            case "markdown": format = TextFormat.Markdown; return true;
            default: format = default; return false;
        }
    }
}

/// <summary>How a text is to be rendered. <see cref="Moodle"/> is Moodle's auto-format: plain text whose line breaks are kept.</summary>
public enum TextFormat
{
    Moodle,
    Html,
    Plain,
    Markdown,
}

/// <summary>A text and its format, as Moodle keeps every text of a question.</summary>
public sealed record FormattedText(string Text, TextFormat Format)
{
    public static FormattedText Empty(TextFormat format) => new(string.Empty, format);

    public bool IsEmpty => Text.Length == 0;

    /// <summary>The text to show as plain text: HTML has its tags removed and its entities decoded; other formats are already text.</summary>
    public string ToPlainText() => Format == TextFormat.Html ? System.Net.WebUtility.HtmlDecode(PhpText.StripTags(Text.Replace("<br>", "\n", StringComparison.OrdinalIgnoreCase).Replace("</p>", "</p>\n", StringComparison.OrdinalIgnoreCase))).Trim() : Text;
}

/// <summary>
/// A choice of a multiple-choice question, or an accepted answer of a short-answer question.
/// </summary>
/// <param name="Text">The answer. For short answers the format is not used (Moodle keeps short answers as plain strings).</param>
/// <param name="Fraction">Credit as a fraction: 1 = 100 %, 0.5 = 50 %; negative for penalised wrong choices.</param>
/// <param name="Feedback">Shown when this answer is chosen (empty text when none).</param>
public sealed record ChoiceAnswer(FormattedText Text, double Fraction, FormattedText Feedback);

/// <summary>One accepted value of a numerical question.</summary>
/// <param name="Value">The value, or null for <c>*</c>: any answer (the catch-all that carries feedback for wrong answers).</param>
/// <param name="Tolerance">
/// Accepted absolute error: the answer is right when |answer − value| ≤ tolerance. Null only on the
/// catch-all added by GIFT's <c>~#feedback</c>, where Moodle stores an empty tolerance.
/// </param>
/// <param name="Fraction">Credit as a fraction (1 = 100 %).</param>
public sealed record NumericalAnswer(double? Value, double? Tolerance, double Fraction, FormattedText Feedback);

/// <summary>One row of a matching question. An empty <paramref name="Question"/> text is an extra distractor answer.</summary>
public sealed record MatchPair(FormattedText Question, string Answer);

/// <summary>Moodle-only settings, kept so a bank round-trips.</summary>
/// <param name="DefaultMark">Marks the question is worth by default (0 for descriptions).</param>
/// <param name="Penalty">Fraction of the mark lost per wrong try in interactive modes.</param>
/// <param name="Length">How many question numbers the item takes (0 for descriptions).</param>
/// <param name="Id">The id a question had where it came from; GIFT export writes it in the header comment.</param>
public sealed record MoodleSettings(double DefaultMark, double Penalty, int Length, long? Id = null)
{
    public static MoodleSettings Default { get; } = new(1, 0.3333333, 1);
}

/// <summary>
/// One question of the neutral question model (the schema of docs/training.md), or a category switch.
/// Only the members of its <see cref="Type"/> are meaningful; the rest keep their empty defaults.
/// </summary>
public sealed record Question
{
    public required QuestionType Type { get; init; }

    public string Name { get; init; } = string.Empty;

    public FormattedText QuestionText { get; init; } = FormattedText.Empty(TextFormat.Moodle);

    /// <summary>Shown to every learner after answering, whatever the answer.</summary>
    public FormattedText GeneralFeedback { get; init; } = FormattedText.Empty(TextFormat.Moodle);

    /// <summary>An id unique within a category (Moodle's idnumber); empty when none.</summary>
    public string IdNumber { get; init; } = string.Empty;

    /// <summary>
    /// Tags, in order. ServiceCoach uses them for requirement ids (<c>R-CMP-3</c>), the standard's
    /// check and behaviour ids (<c>empathy</c>) and difficulty (<c>difficulty:2</c>).
    /// </summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>For <see cref="QuestionType.Category"/>: the category path after <c>$CATEGORY:</c>.</summary>
    public string CategoryPath { get; init; } = string.Empty;

    /// <summary>Multiple choice: true when exactly one choice may be picked.</summary>
    public bool SingleAnswer { get; init; } = true;

    /// <summary>Multiple-choice choices or short-answer accepted answers.</summary>
    public IReadOnlyList<ChoiceAnswer> Answers { get; init; } = [];

    public IReadOnlyList<NumericalAnswer> NumericalAnswers { get; init; } = [];

    /// <summary>True/false: the right answer.</summary>
    public bool CorrectAnswer { get; init; }

    /// <summary>True/false: feedback shown to a learner who answered True.</summary>
    public FormattedText FeedbackWhenTrue { get; init; } = FormattedText.Empty(TextFormat.Moodle);

    /// <summary>True/false: feedback shown to a learner who answered False.</summary>
    public FormattedText FeedbackWhenFalse { get; init; } = FormattedText.Empty(TextFormat.Moodle);

    public IReadOnlyList<MatchPair> Pairs { get; init; } = [];

    public MoodleSettings Moodle { get; init; } = MoodleSettings.Default;

    /// <summary>True for everything a learner answers (not descriptions or category switches).</summary>
    public bool IsGradable => Type is not (QuestionType.Description or QuestionType.Category);
}
