using System.Text;

namespace ServiceCoach.Training;

/// <summary>
/// Why a question (or a whole file) was not imported. <see cref="Code"/> and <see cref="Message"/>
/// are Moodle's (<c>braceerror</c> — "Could not find {...} around answers"), so a trainer who knows
/// Moodle recognises them; <see cref="Line"/>/<see cref="Column"/> and <see cref="Detail"/> are ours.
/// </summary>
/// <param name="Code">A stable identifier: Moodle's string id where Moodle has one.</param>
/// <param name="Message">Moodle's message for that code.</param>
/// <param name="Line">1-based line of the problem in the file; 0 when it concerns the whole file.</param>
/// <param name="Column">1-based column, counted in characters (a Chinese character is one column).</param>
/// <param name="Detail">What exactly is wrong and how to fix it, where we can say more than Moodle.</param>
/// <param name="Text">The start of the offending question, to recognise it by.</param>
public sealed record QuestionImportError(string Code, string Message, int Line, int Column, string? Detail = null, string? Text = null)
{
    public override string ToString()
    {
        var text = new StringBuilder();
        if (Line > 0)
        {
            text.Append("line ").Append(Line).Append(", column ").Append(Column).Append(": ");
        }

        text.Append(Message);
        if (Detail is not null)
        {
            text.Append(" — ").Append(Detail);
        }

        return text.ToString();
    }
}

/// <summary>A question read from a file and the line its text starts on.</summary>
public sealed record ImportedQuestion(Question Question, int Line);

/// <summary>
/// The result of reading a question file: the questions and category switches in file order, the
/// questions that were skipped (each with its error), or a <see cref="FileError"/> when the whole file
/// was rejected (wrong encoding, not XML, no questions).
/// </summary>
public sealed record QuestionFileResult(IReadOnlyList<ImportedQuestion> Items, IReadOnlyList<QuestionImportError> Errors, QuestionImportError? FileError = null)
{
    /// <summary>Questions, not counting category switches.</summary>
    public int QuestionCount => Items.Count(item => item.Question.Type != QuestionType.Category);

    public IEnumerable<Question> Questions => Items.Select(item => item.Question);

    public bool Succeeded => FileError is null && Errors.Count == 0;

    internal static QuestionFileResult Rejected(QuestionImportError error) => new([], [], error);
}

/// <summary>The error codes and Moodle's messages for them.</summary>
public static class QuestionImportCodes
{
    public const string BraceError = "braceerror";
    public const string NotEnoughAnswers = "importminerror";
    public const string MatchingFormat = "giftmatchingformat";
    public const string NoNumericalAnswers = "giftnonumericalanswers";
    public const string NotNumbers = "errornotnumbers";
    public const string NoValidQuestion = "giftnovalidquestion";
    public const string WrongEncoding = "importwrongfileencoding";
    public const string NoQuestions = "noquestionsinfile";
    public const string InvalidXml = "invalidxml";
    public const string UnsupportedType = "unsupportedtype";
    public const string NoName = "xmlimportnoname";

    public static string Message(string code) => code switch
    {
        BraceError => "Could not find {...} around answers",
        NotEnoughAnswers => "There is an error in the question. There are not enough answers for this question type",
        MatchingFormat => "Matching question answers are improperly formatted",
        NoNumericalAnswers => "No answers found for numerical question",
        NotNumbers => "Error - answers must be numeric",
        NoValidQuestion => "No valid question found",
        WrongEncoding => "The file you selected does not use UTF-8 character encoding. GIFT format files must use UTF-8.",
        NoQuestions => "There are no questions in the import file",
        InvalidXml => "Invalid XML file - string expected (use CDATA?)",
        UnsupportedType => "Question type not supported",
        NoName => "Question name missing",
        _ => code,
    };
}
