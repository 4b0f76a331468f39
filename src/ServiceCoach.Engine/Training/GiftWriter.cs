using System.Globalization;
using System.Text;

namespace ServiceCoach.Training;

/// <summary>
/// Writes questions as GIFT exactly as Moodle's exporter does (same escapes, tabs, weights, format
/// prefixes and blank line after each question), so a file exported here diffs cleanly against one
/// exported from Moodle, and imports back to the same questions.
/// </summary>
public static class GiftWriter
{
    /// <summary>
    /// One question (or category switch) followed by the blank line that separates it from the next.
    /// When the question has a <see cref="MoodleSettings.Id"/>, Moodle's <c>// question: ID  name: NAME</c>
    /// comment comes first.
    /// </summary>
    public static string Write(Question question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var output = new StringBuilder();
        if (question.Moodle.Id is { } id)
        {
            output.Append("// question: ").Append(id.ToString(CultureInfo.InvariantCulture)).Append("  name: ").Append(question.Name).Append('\n');
        }

        output.Append(IdNumberAndTags(question));
        var format = question.QuestionText.Format;
        switch (question.Type)
        {
            case QuestionType.Category:
                output.Append("$CATEGORY: ").Append(question.CategoryPath).Append('\n');
                break;

            case QuestionType.Description:
                output.Append(Name(question.Name)).Append(Text(question.QuestionText, TextFormat.Moodle));
                break;

            case QuestionType.Essay:
                output.Append(Name(question.Name)).Append(Text(question.QuestionText, TextFormat.Moodle))
                    .Append('{').Append(GeneralFeedback(question, string.Empty)).Append("}\n");
                break;

            case QuestionType.TrueFalse:
                var right = Text(question.CorrectAnswer ? question.FeedbackWhenTrue : question.FeedbackWhenFalse, format);
                var wrong = Text(question.CorrectAnswer ? question.FeedbackWhenFalse : question.FeedbackWhenTrue, format);
                output.Append(Name(question.Name)).Append(Text(question.QuestionText, TextFormat.Moodle))
                    .Append('{').Append(Escape(question.CorrectAnswer ? "TRUE" : "FALSE"));
                if (PhpText.IsTruthy(wrong))
                {
                    output.Append('#').Append(wrong);
                }
                else if (PhpText.IsTruthy(right))
                {
                    output.Append('#');
                }

                if (PhpText.IsTruthy(right))
                {
                    output.Append('#').Append(right);
                }

                output.Append(GeneralFeedback(question, string.Empty)).Append("}\n");
                break;

            case QuestionType.MultipleChoice:
                output.Append(Name(question.Name)).Append(Text(question.QuestionText, TextFormat.Moodle)).Append("{\n");
                // A reader takes a block with no '~' for short answer, so when every choice of a
                // single-answer question is fully right the last one is written as "~%100%".
                var allRight = question.SingleAnswer && question.Answers.All(a => a.Fraction == 1);
                for (var i = 0; i < question.Answers.Count; i++)
                {
                    var answer = question.Answers[i];
                    var mark = answer.Fraction == 1 && question.SingleAnswer && !(allRight && i == question.Answers.Count - 1) ? "="
                        : answer.Fraction == 0 ? "~"
                        : "~%" + PhpText.FormatFloat(answer.Fraction * 100) + "%";
                    output.Append('\t').Append(mark).Append(Text(answer.Text, format));
                    if (answer.Feedback.Text.Length > 0)
                    {
                        output.Append('#').Append(Text(answer.Feedback, format));
                    }

                    output.Append('\n');
                }

                output.Append(GeneralFeedback(question, "\t")).Append("}\n");
                break;

            case QuestionType.ShortAnswer:
                output.Append(Name(question.Name)).Append(Text(question.QuestionText, TextFormat.Moodle)).Append("{\n");
                foreach (var answer in question.Answers)
                {
                    output.Append("\t=%").Append(PhpText.FormatFloat(100 * answer.Fraction)).Append('%').Append(Escape(answer.Text.Text))
                        .Append('#').Append(Text(answer.Feedback, format)).Append('\n');
                }

                output.Append(GeneralFeedback(question, "\t")).Append("}\n");
                break;

            case QuestionType.Numerical:
                output.Append(Name(question.Name)).Append(Text(question.QuestionText, TextFormat.Moodle)).Append("{#\n");
                foreach (var answer in question.NumericalAnswers)
                {
                    if (answer.Value is { } value)
                    {
                        output.Append("\t=%").Append(PhpText.FormatFloat(100 * answer.Fraction)).Append('%').Append(PhpText.FormatFloat(value))
                            .Append(':').Append(PhpText.FormatFloat(answer.Tolerance ?? 0)).Append('#').Append(Text(answer.Feedback, format)).Append('\n');
                    }
                    else
                    {
                        output.Append("\t~#").Append(Text(answer.Feedback, format)).Append('\n');
                    }
                }

                output.Append(GeneralFeedback(question, "\t")).Append("}\n");
                break;

            case QuestionType.Matching:
                output.Append(Name(question.Name)).Append(Text(question.QuestionText, TextFormat.Moodle)).Append("{\n");
                foreach (var pair in question.Pairs)
                {
                    output.Append("\t=").Append(Text(pair.Question, format)).Append(" -> ").Append(Escape(pair.Answer)).Append('\n');
                }

                output.Append(GeneralFeedback(question, "\t")).Append("}\n");
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(question), question.Type, "Unknown question type.");
        }

        return output.Append('\n').ToString();
    }

    /// <summary>A whole file: every question in order.</summary>
    public static string WriteFile(IEnumerable<Question> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var output = new StringBuilder();
        foreach (var question in questions)
        {
            output.Append(Write(question));
        }

        return output.ToString();
    }

    /// <summary>GIFT's escapes: backslash first, then <c># = ~ { } :</c>; a newline becomes <c>\n</c>, a CR is dropped.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': output.Append(@"\\"); break;
                case '#' or '=' or '~' or '{' or '}' or ':': output.Append('\\').Append(c); break;
                case '\n': output.Append(@"\n"); break;
                case '\r': break;
                default: output.Append(c); break;
            }
        }

        return output.ToString();
    }

    private static string IdNumberAndTags(Question question)
    {
        if (question.Type == QuestionType.Category)
        {
            return string.Empty;
        }

        var bits = new List<string>();
        if (question.IdNumber.Length > 0)
        {
            bits.Add("[id:" + question.IdNumber.Replace("]", "\\]", StringComparison.Ordinal) + "]");
        }

        bits.AddRange(question.Tags.Select(tag => "[tag:" + tag.Replace("]", "\\]", StringComparison.Ordinal) + "]"));
        return bits.Count == 0 ? string.Empty : "// " + string.Join(' ', bits) + "\n";
    }

    private static string Name(string name) => "::" + Escape(name) + "::";

    /// <summary>A text with a <c>[format]</c> prefix when its format differs from the one around it.</summary>
    private static string Text(FormattedText text, TextFormat around)
    {
        var prefix = text.Text.Length > 0 && text.Format != around ? "[" + QuestionTypes.FormatName(text.Format) + "]" : string.Empty;
        return prefix + Escape(text.Text);
    }

    private static string GeneralFeedback(Question question, string indent)
    {
        var feedback = Text(question.GeneralFeedback, question.QuestionText.Format);
        if (!PhpText.IsTruthy(feedback))
        {
            return feedback;
        }

        feedback = "####" + feedback;
        return indent.Length > 0 ? indent + feedback + "\n" : feedback;
    }
}
