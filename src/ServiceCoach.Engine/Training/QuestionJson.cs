using System.Text.Encodings.Web;
using System.Text.Json;

namespace ServiceCoach.Training;

/// <summary>
/// The neutral question schema as JSON (docs/training.md): what <c>servicecoach questions import
/// --format json</c> prints and <c>questions export</c> reads. Field names and order are fixed.
/// </summary>
public static class QuestionJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary><c>{"questions": [...], "questionCount": N, "errors": [...]}</c>, plus <c>"fileError"</c> when the file was rejected.</summary>
    public static string WriteResult(QuestionFileResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("questions");
            foreach (var item in result.Items)
            {
                WriteQuestion(writer, item.Question);
            }

            writer.WriteEndArray();
            writer.WriteNumber("questionCount", result.QuestionCount);
            writer.WriteStartArray("errors");
            foreach (var error in result.Errors)
            {
                WriteError(writer, error);
            }

            writer.WriteEndArray();
            if (result.FileError is { } fileError)
            {
                writer.WritePropertyName("fileError");
                WriteError(writer, fileError);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>One question as a JSON object.</summary>
    public static string Write(Question question)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteQuestion(writer, question);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void WriteQuestion(Utf8JsonWriter writer, Question question)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(question);
        writer.WriteStartObject();
        writer.WriteString("type", QuestionTypes.Name(question.Type));
        if (question.Type == QuestionType.Category)
        {
            writer.WriteString("category", question.CategoryPath);
            writer.WriteEndObject();
            return;
        }

        writer.WriteString("name", question.Name);
        WriteText(writer, "questionText", question.QuestionText);
        WriteText(writer, "generalFeedback", question.GeneralFeedback);
        writer.WriteString("idNumber", question.IdNumber);
        writer.WriteStartArray("tags");
        foreach (var tag in question.Tags)
        {
            writer.WriteStringValue(tag);
        }

        writer.WriteEndArray();
        switch (question.Type)
        {
            case QuestionType.MultipleChoice:
                writer.WriteBoolean("single", question.SingleAnswer);
                writer.WriteStartArray("answers");
                foreach (var answer in question.Answers)
                {
                    writer.WriteStartObject();
                    writer.WriteString("text", answer.Text.Text);
                    writer.WriteString("format", QuestionTypes.FormatName(answer.Text.Format));
                    WriteFraction(writer, answer.Fraction);
                    WriteText(writer, "feedback", answer.Feedback);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;

            case QuestionType.ShortAnswer:
                writer.WriteStartArray("answers");
                foreach (var answer in question.Answers)
                {
                    writer.WriteStartObject();
                    writer.WriteString("text", answer.Text.Text);
                    WriteFraction(writer, answer.Fraction);
                    WriteText(writer, "feedback", answer.Feedback);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;

            case QuestionType.Numerical:
                writer.WriteStartArray("answers");
                foreach (var answer in question.NumericalAnswers)
                {
                    writer.WriteStartObject();
                    if (answer.Value is { } value)
                    {
                        writer.WriteNumber("value", value);
                    }
                    else
                    {
                        writer.WriteString("value", "*");
                    }

                    if (answer.Tolerance is { } tolerance)
                    {
                        writer.WriteNumber("tolerance", tolerance);
                    }
                    else
                    {
                        writer.WriteNull("tolerance");
                    }

                    WriteFraction(writer, answer.Fraction);
                    WriteText(writer, "feedback", answer.Feedback);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;

            case QuestionType.TrueFalse:
                writer.WriteBoolean("correctAnswer", question.CorrectAnswer);
                WriteText(writer, "feedbackWhenTrue", question.FeedbackWhenTrue);
                WriteText(writer, "feedbackWhenFalse", question.FeedbackWhenFalse);
                break;

            case QuestionType.Matching:
                writer.WriteStartArray("pairs");
                foreach (var pair in question.Pairs)
                {
                    writer.WriteStartObject();
                    WriteText(writer, "question", pair.Question);
                    writer.WriteString("answer", pair.Answer);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;
        }

        writer.WriteStartObject("moodle");
        writer.WriteNumber("defaultmark", question.Moodle.DefaultMark);
        writer.WriteNumber("penalty", question.Moodle.Penalty);
        writer.WriteNumber("length", question.Moodle.Length);
        if (question.Moodle.Id is { } id)
        {
            writer.WriteNumber("id", id);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static void WriteError(Utf8JsonWriter writer, QuestionImportError error)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(error);
        writer.WriteStartObject();
        writer.WriteString("code", error.Code);
        writer.WriteString("message", error.Message);
        writer.WriteNumber("line", error.Line);
        writer.WriteNumber("column", error.Column);
        if (error.Detail is not null)
        {
            writer.WriteString("detail", error.Detail);
        }

        if (error.Text is not null)
        {
            writer.WriteString("text", error.Text);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads questions from JSON: an import result (<c>{"questions": [...]}</c>), an array of questions,
    /// or one question. Problems carry the JSON path, and line/column when the JSON itself is malformed.
    /// </summary>
    public static QuestionFileResult Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return QuestionFileResult.Rejected(new QuestionImportError("invalidjson", "The file is not valid JSON", (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, e.Message));
        }

        using (document)
        {
            var root = document.RootElement;
            var list = root.ValueKind switch
            {
                JsonValueKind.Array => root,
                JsonValueKind.Object when root.TryGetProperty("questions", out var questions) && questions.ValueKind == JsonValueKind.Array => questions,
                _ => (JsonElement?)null,
            };
            var items = new List<ImportedQuestion>();
            var errors = new List<QuestionImportError>();
            if (list is null)
            {
                Add(root, "$");
            }
            else
            {
                var index = 0;
                foreach (var element in list.Value.EnumerateArray())
                {
                    Add(element, $"$.questions[{index}]");
                    index++;
                }
            }

            return new QuestionFileResult(items, errors);

            void Add(JsonElement element, string path)
            {
                try
                {
                    items.Add(new ImportedQuestion(ReadQuestion(element), 0));
                }
                catch (FormatException e)
                {
                    errors.Add(new QuestionImportError("invalidquestion", "The question does not follow the neutral schema", 0, 0, $"{path}: {e.Message}"));
                }
            }
        }
    }

    /// <summary>One neutral question object. Throws <see cref="FormatException"/> naming the field that is wrong.</summary>
    public static Question ReadQuestion(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("a question must be a JSON object");
        }

        var typeName = String(element, "type") ?? throw new FormatException("'type' is missing");
        if (!QuestionTypes.TryParse(typeName, out var type))
        {
            throw new FormatException($"'type' is '{typeName}'; expected multichoice, truefalse, shortanswer, matching, numerical, essay, description or category");
        }

        if (type == QuestionType.Category)
        {
            var categoryId = element.TryGetProperty("moodle", out var categorySettings) && categorySettings.ValueKind == JsonValueKind.Object ? Number(categorySettings, "id") : null;
            return new Question
            {
                Type = type,
                Name = String(element, "name") ?? string.Empty,
                CategoryPath = String(element, "category") ?? string.Empty,
                Moodle = MoodleSettings.Default with { Id = categoryId is { } value ? (long)value : null },
            };
        }

        var questionText = Text(element, "questionText", TextFormat.Moodle);
        var format = questionText.Format;
        var moodle = MoodleSettings.Default;
        if (type == QuestionType.TrueFalse)
        {
            moodle = moodle with { Penalty = 1 };
        }
        else if (type == QuestionType.Description)
        {
            moodle = moodle with { DefaultMark = 0, Length = 0 };
        }

        if (element.TryGetProperty("moodle", out var settings) && settings.ValueKind == JsonValueKind.Object)
        {
            moodle = new MoodleSettings(
                Number(settings, "defaultmark") ?? moodle.DefaultMark,
                Number(settings, "penalty") ?? moodle.Penalty,
                (int)(Number(settings, "length") ?? moodle.Length),
                Number(settings, "id") is { } id ? (long)id : null);
        }

        var question = new Question
        {
            Type = type,
            Name = String(element, "name") ?? string.Empty,
            QuestionText = questionText,
            GeneralFeedback = Text(element, "generalFeedback", format),
            IdNumber = String(element, "idNumber") ?? string.Empty,
            Tags = element.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
                ? [.. tags.EnumerateArray().Select(t => t.GetString() ?? string.Empty)]
                : [],
            Moodle = moodle,
        };

        return type switch
        {
            QuestionType.MultipleChoice => question with
            {
                SingleAnswer = element.TryGetProperty("single", out var single) ? single.ValueKind == JsonValueKind.True : true,
                Answers = [.. Array(element, "answers").Select(a => new ChoiceAnswer(
                    new FormattedText(String(a, "text") ?? string.Empty, Format(a, "format", format)), Fraction(a), Text(a, "feedback", format)))],
            },
            QuestionType.ShortAnswer => question with
            {
                Answers = [.. Array(element, "answers").Select(a => new ChoiceAnswer(
                    new FormattedText(String(a, "text") ?? string.Empty, format), Fraction(a), Text(a, "feedback", format)))],
            },
            QuestionType.Numerical => question with
            {
                NumericalAnswers = [.. Array(element, "answers").Select(a => new NumericalAnswer(
                    a.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble()
                        : v.ValueKind == JsonValueKind.String && v.GetString() == "*" ? null
                        : throw new FormatException("a numerical answer's 'value' must be a number or \"*\""),
                    Number(a, "tolerance"),
                    Fraction(a),
                    Text(a, "feedback", format)))],
            },
            QuestionType.TrueFalse => question with
            {
                CorrectAnswer = element.TryGetProperty("correctAnswer", out var correct) && correct.ValueKind == JsonValueKind.True,
                FeedbackWhenTrue = Text(element, "feedbackWhenTrue", format),
                FeedbackWhenFalse = Text(element, "feedbackWhenFalse", format),
            },
            QuestionType.Matching => question with
            {
                Pairs = [.. Array(element, "pairs").Select(p => new MatchPair(Text(p, "question", format), String(p, "answer") ?? string.Empty))],
            },
            _ => question,
        };
    }

    private static void WriteText(Utf8JsonWriter writer, string name, FormattedText text)
    {
        writer.WriteStartObject(name);
        writer.WriteString("text", text.Text);
        writer.WriteString("format", QuestionTypes.FormatName(text.Format));
        writer.WriteEndObject();
    }

    private static void WriteFraction(Utf8JsonWriter writer, double fraction)
    {
        writer.WriteNumber("fraction", fraction);

        // The same credit in percent, rounded so 0.3333333 reads 33.33333 and not 33.333330000000004.
        writer.WriteNumber("weightPercent", Math.Round(fraction * 100, 7));
    }

    private static JsonElement[] Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? [.. array.EnumerateArray()] : [];

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static double Fraction(JsonElement answer) =>
        Number(answer, "fraction") ?? (Number(answer, "weightPercent") is { } percent ? percent / 100 : 0);

    private static TextFormat Format(JsonElement element, string name, TextFormat fallback)
    {
        var value = String(element, name);
        if (value is null)
        {
            return fallback;
        }

        return QuestionTypes.TryParseFormat(value, out var format) ? format : throw new FormatException($"'{name}' is '{value}'; expected moodle, html, plain or markdown");
    }

    private static FormattedText Text(JsonElement element, string name, TextFormat fallback)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return FormattedText.Empty(fallback);
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => new FormattedText(value.GetString()!, fallback),
            JsonValueKind.Object => new FormattedText(String(value, "text") ?? string.Empty, Format(value, "format", fallback)),
            JsonValueKind.Null => FormattedText.Empty(fallback),
            _ => throw new FormatException($"'{name}' must be {{\"text\", \"format\"}} or a string"),
        };
    }
}
