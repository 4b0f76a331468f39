using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceCoach.Training;

/// <summary>
/// A learner's answer to one question, as stored with the attempt and sent by the exam page.
/// Which member is used depends on the question type; indexes always refer to the question's own
/// answer order (not the shuffled order the learner saw), so shuffling never changes grading.
/// </summary>
public sealed record ExamResponse
{
    /// <summary>Single choice: the index of the chosen answer.</summary>
    [JsonPropertyName("choice")] public int? Choice { get; init; }

    /// <summary>Multiple response: the indexes of the ticked answers.</summary>
    [JsonPropertyName("choices")] public IReadOnlyList<int>? Choices { get; init; }

    /// <summary>True/false.</summary>
    [JsonPropertyName("value")] public bool? Value { get; init; }

    /// <summary>Short answer, numerical (as typed) and essay.</summary>
    [JsonPropertyName("text")] public string? Text { get; init; }

    /// <summary>Matching: for each pair with a question (distractors have none), in order, the index of the chosen answer text in <see cref="ResponseGrader.MatchingChoices"/>; -1 when none.</summary>
    [JsonPropertyName("pairs")] public IReadOnlyList<int>? Pairs { get; init; }

    public static ExamResponse? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, TrainingJsonContext.Default.ExamResponse);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, TrainingJsonContext.Default.ExamResponse);

    /// <summary>True when the learner has not answered anything yet.</summary>
    [JsonIgnore]
    public bool IsEmpty => Choice is null && (Choices is null || Choices.Count == 0) && Value is null && string.IsNullOrWhiteSpace(Text) && (Pairs is null || Pairs.All(p => p < 0));
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExamResponse))]
internal sealed partial class TrainingJsonContext : JsonSerializerContext;

/// <summary>The automatic grade of one response.</summary>
/// <param name="Fraction">Credit between 0 and 1; null when a person must grade it (essays).</param>
/// <param name="Feedback">The feedback of the answer the learner gave, when the question has one.</param>
public sealed record ResponseGrade(double? Fraction, FormattedText? Feedback)
{
    public bool NeedsManualGrading => Fraction is null;
}

/// <summary>
/// Grades responses the way Moodle's question types do: single choice takes the chosen answer's
/// credit; multiple response adds the ticked answers' credits; short answers match ignoring case,
/// width and surrounding space (<c>*</c> is a wildcard); numerical answers match the first value
/// within its tolerance; matching gives the share of pairs matched. The total is kept in 0…1.
/// </summary>
public static class ResponseGrader
{
    public static ResponseGrade Grade(Question question, ExamResponse? response)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (question.Type == QuestionType.Essay)
        {
            return new ResponseGrade(null, null);
        }

        if (response is null || response.IsEmpty)
        {
            return new ResponseGrade(question.IsGradable ? 0 : null, null);
        }

        switch (question.Type)
        {
            case QuestionType.MultipleChoice when question.SingleAnswer:
                return response.Choice is { } choice && choice >= 0 && choice < question.Answers.Count
                    ? new ResponseGrade(Clamp(question.Answers[choice].Fraction), NonEmpty(question.Answers[choice].Feedback))
                    : new ResponseGrade(0, null);

            case QuestionType.MultipleChoice:
                var ticked = (response.Choices ?? (response.Choice is { } one ? [one] : []))
                    .Where(i => i >= 0 && i < question.Answers.Count).Distinct().ToList();
                return new ResponseGrade(Clamp(ticked.Sum(i => question.Answers[i].Fraction)), null);

            case QuestionType.TrueFalse:
                var right = response.Value == question.CorrectAnswer;
                var feedback = response.Value == true ? question.FeedbackWhenTrue : question.FeedbackWhenFalse;
                return new ResponseGrade(right ? 1 : 0, NonEmpty(feedback));

            case QuestionType.ShortAnswer:
                var typed = Normalise(response.Text ?? string.Empty);
                foreach (var answer in question.Answers.OrderByDescending(a => a.Fraction))
                {
                    if (Matches(typed, Normalise(answer.Text.Text)))
                    {
                        return new ResponseGrade(Clamp(answer.Fraction), NonEmpty(answer.Feedback));
                    }
                }

                return new ResponseGrade(0, null);

            case QuestionType.Numerical:
                var number = ParseNumber(response.Text);
                foreach (var answer in question.NumericalAnswers)
                {
                    var hit = answer.Value is { } value
                        ? number is { } n && Math.Abs(n - value) <= (answer.Tolerance ?? 0) + 1e-12
                        : true;
                    if (hit)
                    {
                        return new ResponseGrade(Clamp(answer.Fraction), NonEmpty(answer.Feedback));
                    }
                }

                return new ResponseGrade(0, null);

            case QuestionType.Matching:
                var choices = MatchingChoices(question);
                var pairs = response.Pairs ?? [];
                var scored = 0;
                var correct = 0;
                foreach (var pair in question.Pairs.Where(p => !p.Question.IsEmpty))
                {
                    var chosen = scored < pairs.Count ? pairs[scored] : -1;
                    scored++;
                    if (chosen >= 0 && chosen < choices.Count && choices[chosen] == pair.Answer)
                    {
                        correct++;
                    }
                }

                return new ResponseGrade(scored == 0 ? 0 : (double)correct / scored, null);

            default:
                return new ResponseGrade(null, null);
        }
    }

    /// <summary>The answer texts a matching question offers, each once, in order of first appearance (distractors included).</summary>
    public static IReadOnlyList<string> MatchingChoices(Question question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return [.. question.Pairs.Select(p => p.Answer).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The best possible response, for answer keys and tests.</summary>
    public static ExamResponse? RightResponse(Question question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return question.Type switch
        {
            QuestionType.MultipleChoice when question.SingleAnswer => new ExamResponse { Choice = IndexOfMax(question.Answers.Select(a => a.Fraction)) },
            QuestionType.MultipleChoice => new ExamResponse { Choices = [.. question.Answers.Select((a, i) => (a, i)).Where(x => x.a.Fraction > 0).Select(x => x.i)] },
            QuestionType.TrueFalse => new ExamResponse { Value = question.CorrectAnswer },
            QuestionType.ShortAnswer => new ExamResponse { Text = question.Answers.OrderByDescending(a => a.Fraction).First().Text.Text },
            QuestionType.Numerical => new ExamResponse { Text = (question.NumericalAnswers.FirstOrDefault(a => a.Value is not null)?.Value ?? 0).ToString(CultureInfo.InvariantCulture) },
            QuestionType.Matching => new ExamResponse { Pairs = [.. question.Pairs.Where(p => !p.Question.IsEmpty).Select(p => MatchingChoices(question).ToList().IndexOf(p.Answer))] },
            _ => null,
        };
    }

    /// <summary>A number as a learner types it: full-width digits, a comma as thousands separator and surrounding space allowed.</summary>
    public static double? ParseNumber(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var normal = text.Normalize(NormalizationForm.FormKC).Trim().Replace(",", string.Empty, StringComparison.Ordinal).Replace("。", ".", StringComparison.Ordinal);
        return double.TryParse(normal, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static int IndexOfMax(IEnumerable<double> values)
    {
        var best = -1;
        var max = double.NegativeInfinity;
        var i = 0;
        foreach (var value in values)
        {
            if (value > max)
            {
                max = value;
                best = i;
            }

            i++;
        }

        return best;
    }

    private static double Clamp(double fraction) => Math.Clamp(fraction, 0, 1);

    private static FormattedText? NonEmpty(FormattedText text) => text.IsEmpty ? null : text;

    private static string Normalise(string text)
    {
        var normal = text.Normalize(NormalizationForm.FormKC).Trim().ToLowerInvariant();
        var output = new StringBuilder(normal.Length);
        var space = false;
        foreach (var c in normal)
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space && output.Length > 0)
            {
                output.Append(' ');
            }

            space = false;
            output.Append(c);
        }

        return output.ToString();
    }

    /// <summary>Moodle's short-answer match: <c>*</c> stands for any run of characters, everything else is literal.</summary>
    private static bool Matches(string typed, string pattern)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            return typed == pattern;
        }

        var parts = pattern.Split('*');
        if (!typed.StartsWith(parts[0], StringComparison.Ordinal))
        {
            return false;
        }

        var position = parts[0].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = typed.IndexOf(parts[i], position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position = found + parts[i].Length;
        }

        var last = parts[^1];
        return typed.Length - position >= last.Length && typed.EndsWith(last, StringComparison.Ordinal);
    }
}
