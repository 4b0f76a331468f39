using System.Xml;
using System.Xml.Linq;

namespace ServiceCoach.Training;

/// <summary>
/// Reads Moodle XML question files (<c>&lt;quiz&gt;&lt;question type="…"&gt;</c>) into the neutral
/// question model: the core types GIFT has, categories, idnumbers and tags. Question types the
/// neutral model has no place for (cloze, calculated, drag-and-drop …) are reported, with their
/// line, and skipped; the rest of the file is still imported.
/// </summary>
public static class MoodleXmlReader
{
    public static QuestionFileResult Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
            using var reader = XmlReader.Create(stream, settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo | LoadOptions.PreserveWhitespace);
        }
        catch (XmlException e)
        {
            return QuestionFileResult.Rejected(new QuestionImportError("invalidxmlfile", "The file is not well-formed XML", e.LineNumber, e.LinePosition, e.Message));
        }

        var root = document.Root;
        if (root is null || root.Name.LocalName != "quiz")
        {
            var (line, column) = Position(root);
            return QuestionFileResult.Rejected(new QuestionImportError("invalidxmlfile", "The file is not a Moodle XML question file", line, column, $"The root element is <{root?.Name.LocalName}>; Moodle XML files start with <quiz>."));
        }

        var items = new List<ImportedQuestion>();
        var errors = new List<QuestionImportError>();
        foreach (var element in root.Elements("question"))
        {
            var (line, column) = Position(element);
            var typeName = (string?)element.Attribute("type") ?? string.Empty;
            try
            {
                var question = ReadQuestion(element, typeName);
                if (question is null)
                {
                    var code = QuestionImportCodes.UnsupportedType;
                    errors.Add(new QuestionImportError(code, QuestionImportCodes.Message(code), line, column,
                        $"Question type '{typeName}' is not supported; supported: multichoice, truefalse, shortanswer, numerical, matching, essay, description, category."));
                    continue;
                }

                items.Add(new ImportedQuestion(question, line));
            }
            catch (FormatException e)
            {
                var code = QuestionImportCodes.InvalidXml;
                errors.Add(new QuestionImportError(code, QuestionImportCodes.Message(code), line, column, e.Message));
            }
        }

        if (items.Count == 0)
        {
            var code = QuestionImportCodes.NoQuestions;
            return new QuestionFileResult(items, errors, new QuestionImportError(code, QuestionImportCodes.Message(code), 0, 0));
        }

        return new QuestionFileResult(items, errors);
    }

    private static Question? ReadQuestion(XElement element, string typeName)
    {
        if (typeName == "category")
        {
            return new Question { Type = QuestionType.Category, CategoryPath = TextOf(element.Element("category")) };
        }

        QuestionType type;
        switch (typeName)
        {
            case "multichoice": type = QuestionType.MultipleChoice; break;
            case "truefalse": type = QuestionType.TrueFalse; break;
            case "shortanswer": type = QuestionType.ShortAnswer; break;
            case "numerical": type = QuestionType.Numerical; break;
            case "matching": type = QuestionType.Matching; break;
            case "essay": type = QuestionType.Essay; break;
            case "description": type = QuestionType.Description; break;
            default: return null;
        }

        var questionText = Formatted(element.Element("questiontext"), TextFormat.Html);
        var format = questionText.Format;
        var penalty = Number(element.Element("penalty")) ?? (type == QuestionType.TrueFalse ? 1 : 0.3333333);
        if (Math.Abs(penalty - 0.3333333) < 0.005)
        {
            penalty = 0.3333333;
        }

        var moodle = new MoodleSettings(
            type == QuestionType.Description ? 0 : Number(element.Element("defaultgrade")) ?? 1,
            penalty,
            type == QuestionType.Description ? 0 : 1);
        var question = new Question
        {
            Type = type,
            Name = GiftReader.CleanQuestionName(TextOf(element.Element("name"))),
            QuestionText = questionText,
            GeneralFeedback = Formatted(element.Element("generalfeedback"), format),
            IdNumber = Value(element.Element("idnumber")),
            Tags = [.. element.Element("tags")?.Elements("tag").Select(TextOf) ?? []],
            Moodle = moodle,
        };

        var answers = element.Elements("answer").ToList();
        switch (type)
        {
            case QuestionType.MultipleChoice:
                var single = Value(element.Element("single"));
                return question with
                {
                    SingleAnswer = element.Element("single") is null || (single != "false" && PhpText.IsTruthy(single)),
                    Answers = [.. answers.Select(a => new ChoiceAnswer(Formatted(a, format), Fraction(a), Formatted(a.Element("feedback"), format)))],
                };

            case QuestionType.ShortAnswer:
                return question with
                {
                    Answers = [.. answers.Select(a => new ChoiceAnswer(new FormattedText(TextOf(a), format), Fraction(a), Formatted(a.Element("feedback"), format)))],
                };

            case QuestionType.Numerical:
                return question with
                {
                    NumericalAnswers = [.. answers.Select(a =>
                    {
                        var text = TextOf(a);
                        if (text.Length == 0)
                        {
                            text = Value(a).Trim();
                        }

                        double? value = text == "*" ? null : PhpText.ToNumber(text) ?? throw new FormatException($"line {Position(a).Line}: the numerical answer '{text}' is not a number.");
                        return new NumericalAnswer(value, Number(a.Element("tolerance")) ?? 0, Fraction(a), Formatted(a.Element("feedback"), format));
                    })],
                };

            case QuestionType.TrueFalse:
                var correct = true;
                var feedbackTrue = FormattedText.Empty(format);
                var feedbackFalse = FormattedText.Empty(format);
                for (var i = 0; i < answers.Count; i++)
                {
                    var text = TextOf(answers[i]);
                    var isTrue = text is "true" or "false" ? text == "true" : i == 0;
                    var full = Fraction(answers[i]) == 1;
                    if (isTrue)
                    {
                        correct = full;
                        feedbackTrue = Formatted(answers[i].Element("feedback"), format);
                    }
                    else
                    {
                        correct = !full;
                        feedbackFalse = Formatted(answers[i].Element("feedback"), format);
                    }
                }

                return question with { CorrectAnswer = correct, FeedbackWhenTrue = feedbackTrue, FeedbackWhenFalse = feedbackFalse };

            case QuestionType.Matching:
                return question with
                {
                    Pairs = [.. element.Elements("subquestion").Select(s => new MatchPair(Formatted(s, format), TextOf(s.Element("answer"))))],
                };

            default:
                return question;
        }
    }

    /// <summary>The trimmed content of an element's <c>&lt;text&gt;</c> child, "" when absent.</summary>
    private static string TextOf(XElement? element) => PhpText.Trim(element?.Element("text")?.Value ?? string.Empty);

    private static string Value(XElement? element) => PhpText.Trim(element?.Value ?? string.Empty);

    private static double? Number(XElement? element) => element is null ? null : PhpText.ToNumber(PhpText.Trim(element.Value));

    private static double Fraction(XElement answer)
    {
        var attribute = (string?)answer.Attribute("fraction");
        if (attribute is null)
        {
            return Number(answer.Element("fraction")) ?? 0;
        }

        return (PhpText.ToNumber(attribute) ?? throw new FormatException($"line {Position(answer).Line}: fraction=\"{attribute}\" is not a number.")) / 100;
    }

    private static FormattedText Formatted(XElement? element, TextFormat defaultFormat)
    {
        if (element is null)
        {
            return FormattedText.Empty(defaultFormat);
        }

        var name = (string?)element.Attribute("format");
        var format = name is null ? defaultFormat : PhpText.Trim(name) switch
        {
            "moodle_auto_format" => TextFormat.Moodle,
            "plain_text" => TextFormat.Plain,
            "markdown" => TextFormat.Markdown,

            // Moodle reads html, wiki_like and anything it does not know as HTML.
            _ => TextFormat.Html,
        };
        return new FormattedText(TextOf(element), format);
    }

    private static (int Line, int Column) Position(XObject? node) =>
        node is IXmlLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (0, 0);
}
