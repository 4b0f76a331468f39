using System.Text;
using System.Text.RegularExpressions;

namespace ServiceCoach.Training;

/// <summary>How strictly <see cref="GiftReader.ReadFile(ReadOnlySpan{byte}, GiftReadOptions?)"/> treats encodings.</summary>
/// <param name="AcceptUtf16">
/// Moodle accepts only UTF-8 (with or without a BOM) and rejects everything else as
/// <c>importwrongfileencoding</c>; so do we by default. True decodes a file that starts with a
/// UTF-16 byte-order mark (what Windows Notepad calls "Unicode") instead.
/// </param>
public sealed record GiftReadOptions(bool AcceptUtf16 = false)
{
    public static GiftReadOptions Default { get; } = new();
}

/// <summary>
/// Reads Moodle's GIFT question format into the neutral question model, with the results Moodle's
/// own importer gives (question types, names, formats, fractions, feedback, missing-word blanks,
/// numeric ranges, escapes, <c>[id:]</c>/<c>[tag:]</c> comment metadata, <c>$CATEGORY:</c>), and
/// with line and column on every error. Written from the format's documentation and the behaviour
/// of Moodle's importer; see docs/training.md for the rules and where we deliberately differ.
/// </summary>
public static partial class GiftReader
{
    // Escaped control characters are swapped for placeholders while the question is cut into parts,
    // then swapped back, so "\{" or "\=" never act as syntax. The placeholders are Moodle's own
    // strings: their lengths decide some edge cases (a "[html\{" prefix), and Moodle leaves them in
    // a category path, so using the same ones gives the same results.
    private static readonly (string Escape, string Placeholder, string Character)[] Escapes =
    [
        ("\\:", "&&058;", ":"),
        ("\\#", "&&035;", "#"),
        ("\\=", "&&061;", "="),
        ("\\{", "&&123;", "{"),
        ("\\}", "&&125;", "}"),
        ("\\~", "&&126;", "~"),
        ("\\n", "&&010", "\n"),
    ];

    private const string DefaultName = "Question name";
    private const string Blank = "_____";

    /// <summary>Reads a whole GIFT file from its bytes: UTF-8 with or without a BOM (see <see cref="GiftReadOptions"/>).</summary>
    public static QuestionFileResult ReadFile(ReadOnlySpan<byte> bytes, GiftReadOptions? options = null)
    {
        options ??= GiftReadOptions.Default;
        var decoded = Decode(bytes, options);
        return decoded.Error is not null ? QuestionFileResult.Rejected(decoded.Error) : ReadFile(decoded.Text!);
    }

    /// <summary>Reads a whole GIFT file already decoded to text. A leading BOM character is ignored.</summary>
    public static QuestionFileResult ReadFile(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var items = new List<ImportedQuestion>();
        var errors = new List<QuestionImportError>();
        var block = new List<SourceLine>();
        var lineNumber = 0;
        foreach (var raw in FileLines(text))
        {
            lineNumber++;
            var trimmed = PhpText.Trim(raw);

            // Moodle: a blank line ends a question; so does a line holding just "0" (PHP's empty()).
            if (PhpText.IsEmpty(trimmed))
            {
                Flush();
                continue;
            }

            var leading = raw.Length - raw.TrimStart(" \t\n\r\0\v".ToCharArray()).Length;
            block.Add(new SourceLine(trimmed, lineNumber, leading));
        }

        Flush();
        if (items.Count == 0)
        {
            var code = QuestionImportCodes.NoQuestions;
            var detail = errors.Count > 0 ? $"{errors.Count} question(s) had errors and none could be imported." : "The file is empty or holds only comments.";
            return new QuestionFileResult(items, errors, new QuestionImportError(code, QuestionImportCodes.Message(code), 0, 0, detail));
        }

        return new QuestionFileResult(items, errors);

        void Flush()
        {
            if (block.Count == 0)
            {
                return;
            }

            var result = ReadBlock(block);
            if (result.Question is not null)
            {
                items.Add(new ImportedQuestion(result.Question, result.Line));
            }

            errors.AddRange(result.Errors);
            block = [];
        }
    }

    /// <summary>
    /// Reads ONE question block as Moodle's <c>readquestion()</c> sees it: the text is cut into lines
    /// at CR and LF, lines are not trimmed one by one (only comment detection trims), and the joined
    /// block is trimmed. A block of only comments gives neither a question nor an error.
    /// </summary>
    public static GiftQuestionResult ReadQuestion(string block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var lines = block.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r');
        return ReadBlock([.. lines.Select((line, index) => new SourceLine(line, index + 1, 0))]);
    }

    /// <summary>
    /// The idnumber (<c>[id:…]</c>, the first one) and tags (<c>[tag:…]</c>, all, in order) written in a
    /// question's comment lines; <c>\]</c> escapes a bracket, and neither may span lines.
    /// </summary>
    public static (string IdNumber, IReadOnlyList<string> Tags) ReadCommentMetadata(string comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        var id = IdPattern().Match(comment);
        var idNumber = id.Success ? PhpText.Trim(id.Groups[1].Value).Replace("\\]", "]", StringComparison.Ordinal) : string.Empty;
        var tags = TagPattern().Matches(comment)
            .Select(match => PhpText.Trim(match.Groups[1].Value).Replace("\\]", "]", StringComparison.Ordinal))
            .ToList();
        return (idNumber, tags);
    }

    private static string[] FileLines(string text)
    {
        // PHP's file() keeps each line's end; Moodle splits a file with no LF at all on CR (old Mac files).
        if (!text.Contains('\n', StringComparison.Ordinal) && text.Contains('\r', StringComparison.Ordinal))
        {
            return text.Split('\r');
        }

        return text.Split('\n');
    }

    private static (string? Text, QuestionImportError? Error) Decode(ReadOnlySpan<byte> bytes, GiftReadOptions options)
    {
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            var bigEndian = bytes[0] == 0xFE;
            if (!options.AcceptUtf16)
            {
                return (null, WrongEncoding(0, 0, $"The file starts with a UTF-16 {(bigEndian ? "big" : "little")}-endian byte-order mark (Windows calls this \"Unicode\"). Save it as UTF-8 and import it again."));
            }

            try
            {
                var utf16 = new UnicodeEncoding(bigEndian, byteOrderMark: false, throwOnInvalidBytes: true);
                return (utf16.GetString(bytes[2..]), null);
            }
            catch (DecoderFallbackException)
            {
                return (null, WrongEncoding(0, 0, "The file starts with a UTF-16 byte-order mark but is not valid UTF-16."));
            }
        }

        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            bytes = bytes[3..];
        }

        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out var read, out var written, replaceInvalidSequences: false);
        if (status != System.Buffers.OperationStatus.Done)
        {
            var (line, column) = Position(bytes[..read]);
            return (null, WrongEncoding(line, column, $"Byte 0x{bytes[read]:X2} at line {line}, column {column} is not UTF-8 (a file saved as GBK/GB2312 or Big5 looks like this). Save the file as UTF-8 and import it again."));
        }

        return (new UTF8Encoding(false, true).GetString(bytes), null);
    }

    private static (int Line, int Column) Position(ReadOnlySpan<byte> validPrefix)
    {
        var text = Encoding.UTF8.GetString(validPrefix);
        var line = 1 + text.Count(c => c == '\n');
        var column = text.Length - (text.LastIndexOf('\n') + 1) + 1;
        return (line, column);
    }

    private static QuestionImportError WrongEncoding(int line, int column, string detail) =>
        new(QuestionImportCodes.WrongEncoding, QuestionImportCodes.Message(QuestionImportCodes.WrongEncoding), line, column, detail);

    private static GiftQuestionResult ReadBlock(IReadOnlyList<SourceLine> source)
    {
        var located = new BlockLocator(source);
        var comments = new StringBuilder();
        var lines = new string[source.Count];
        for (var i = 0; i < source.Count; i++)
        {
            var trimmed = PhpText.Trim(source[i].Text);
            if (trimmed.StartsWith("//", StringComparison.Ordinal))
            {
                comments.Append(trimmed).Append('\n');
                lines[i] = " ";
            }
            else
            {
                lines[i] = source[i].Text;
            }
        }

        var text = PhpText.Trim(string.Join('\n', lines));
        if (text.Length == 0)
        {
            return GiftQuestionResult.Nothing;
        }

        var startLine = located.FirstTextLine;
        text = EscapePre(text);

        if (text.StartsWith("$CATEGORY:", StringComparison.Ordinal))
        {
            // Moodle does not undo escapes in a category path: "\:" stays its internal "&&058;". Kept for
            // compatibility (Moodle's own export never escapes a category path, so files round-trip).
            var category = new Question { Type = QuestionType.Category, CategoryPath = PhpText.Trim(text[10..]) };
            return new GiftQuestionResult(category, startLine, []);
        }

        string? name = null;
        if (text.StartsWith("::", StringComparison.Ordinal))
        {
            text = text[2..];
            var nameEnd = text.IndexOf("::", StringComparison.Ordinal);
            if (nameEnd >= 0)
            {
                name = CleanQuestionName(EscapePost(text[..nameEnd]));
                text = PhpText.Trim(text[(nameEnd + 2)..]);
            }
        }

        var answerStart = text.IndexOf('{', StringComparison.Ordinal);
        var answerFinish = text.IndexOf('}', StringComparison.Ordinal);
        var description = false;
        string answerText;
        var answerLength = 0;
        if (answerStart < 0 && answerFinish < 0)
        {
            description = true;
            answerText = string.Empty;
        }
        else if (answerStart < 0 || answerFinish < 0)
        {
            var detail = answerStart < 0
                ? "There is a '}' without a '{' before it. Escape a literal brace as \\} (and \\{)."
                : "The '{' that starts the answers is never closed with '}'. Escape a literal brace as \\{.";
            return Fail(QuestionImportCodes.BraceError, answerStart < 0 ? located.Find('}') : located.Find('{'), detail, text);
        }
        else if (answerFinish > answerStart)
        {
            answerLength = answerFinish - answerStart;
            answerText = PhpText.Trim(text[(answerStart + 1)..answerFinish]);
        }
        else
        {
            // A '}' before the '{': Moodle's arithmetic goes negative and works on bytes. Reproduced
            // on the UTF-8 bytes so the result is the same as Moodle's, odd as it is.
            answerText = PhpText.Trim(PhpText.SubstrBytes(text, answerStart, answerFinish - answerStart, out answerLength));
        }

        string questionTextRaw;
        if (description)
        {
            questionTextRaw = text;
        }
        else if (answerFinish > answerStart)
        {
            // Text after the answers makes a missing-word question: the blank stands where the answers were.
            questionTextRaw = text.EndsWith('}')
                ? text.Remove(answerStart, answerLength + 1)
                : text[..answerStart] + Blank + text[(answerFinish + 1)..];
        }
        else
        {
            questionTextRaw = PhpText.SubstrReplaceBytes(text, text.EndsWith('}') ? string.Empty : Blank, answerStart, answerLength + 1);
        }

        var generalFeedbackRaw = string.Empty;
        var separator = answerText.LastIndexOf("####", StringComparison.Ordinal);
        if (separator >= 0)
        {
            generalFeedbackRaw = answerText[(separator + 4)..];
            answerText = PhpText.Trim(answerText[..separator]);
        }

        var questionText = ParseTextWithFormat(questionTextRaw, TextFormat.Moodle);
        var format = questionText.Format;
        var generalFeedback = ParseTextWithFormat(generalFeedbackRaw, format);
        name ??= DefaultQuestionName(questionText.Text);
        var (idNumber, tags) = ReadCommentMetadata(comments.ToString());

        var question = new Question
        {
            Type = QuestionType.Description,
            Name = name,
            QuestionText = questionText,
            GeneralFeedback = generalFeedback,
            IdNumber = idNumber,
            Tags = tags,
        };

        if (description)
        {
            return Ok(question with { Moodle = MoodleSettings.Default with { DefaultMark = 0, Length = 0 } });
        }

        if (answerText.Length == 0)
        {
            return Ok(question with { Type = QuestionType.Essay });
        }

        if (answerText[0] == '#')
        {
            return ReadNumerical(question, answerText[1..]);
        }

        if (answerText.Contains('~', StringComparison.Ordinal))
        {
            return ReadMultipleChoice(question, answerText);
        }

        if (answerText.Contains('=', StringComparison.Ordinal) && answerText.Contains("->", StringComparison.Ordinal))
        {
            return ReadMatching(question, answerText);
        }

        var trueFalseCheck = answerText;
        var hash = answerText.IndexOf('#', StringComparison.Ordinal);
        if (hash > 0)
        {
            trueFalseCheck = PhpText.Trim(answerText[..hash]);
        }

        return trueFalseCheck is "T" or "TRUE" or "F" or "FALSE"
            ? ReadTrueFalse(question, answerText)
            : ReadShortAnswer(question, answerText);

        GiftQuestionResult Ok(Question result) => new(result, startLine, []);

        GiftQuestionResult Fail(string code, (int Line, int Column) at, string? detail, string offending) =>
            new(null, startLine, [new QuestionImportError(code, QuestionImportCodes.Message(code), at.Line, at.Column, detail, Snippet(EscapePost(offending)))]);

        GiftQuestionResult ReadMultipleChoice(Question question, string answers)
        {
            var single = answers.Contains('=', StringComparison.Ordinal);
            var parts = SplitAnswers(answers.Replace("=", "~=", StringComparison.Ordinal), '~');
            if (parts.Count < 2)
            {
                return Fail(QuestionImportCodes.NotEnoughAnswers, located.Find('{'), "A multiple-choice question needs at least two choices (=right ~wrong).", text);
            }

            var choices = new List<ChoiceAnswer>(parts.Count);
            foreach (var part in parts)
            {
                var answer = PhpText.Trim(part);
                double fraction;
                if (answer.StartsWith('='))
                {
                    fraction = 1;
                    answer = answer[1..];
                }
                else if (!TryWeight(ref answer, out fraction, out var weightError))
                {
                    fraction = 0;
                }
                else if (weightError is not null)
                {
                    return Fail(QuestionImportCodes.NotNumbers, located.Find(part.Trim()), weightError, text);
                }

                var (choice, feedback) = CommentParser(answer, format);
                choices.Add(new ChoiceAnswer(choice, fraction, feedback));
            }

            return Ok(question with { Type = QuestionType.MultipleChoice, SingleAnswer = single, Answers = choices });
        }

        GiftQuestionResult ReadShortAnswer(Question question, string answers)
        {
            var parts = SplitAnswers(answers, '=');
            if (parts.Count < 1)
            {
                return Fail(QuestionImportCodes.NotEnoughAnswers, located.Find('{'), "A short-answer question needs at least one accepted answer (=answer).", text);
            }

            var accepted = new List<ChoiceAnswer>(parts.Count);
            foreach (var part in parts)
            {
                var answer = PhpText.Trim(part);
                if (!TryWeight(ref answer, out var fraction, out var weightError))
                {
                    fraction = 1;
                }
                else if (weightError is not null)
                {
                    return Fail(QuestionImportCodes.NotNumbers, located.Find(part.Trim()), weightError, text);
                }

                var (value, feedback) = CommentParser(answer, format);
                accepted.Add(new ChoiceAnswer(value with { Format = format }, fraction, feedback));
            }

            return Ok(question with { Type = QuestionType.ShortAnswer, Answers = accepted });
        }

        GiftQuestionResult ReadMatching(Question question, string answers)
        {
            var parts = SplitAnswers(answers, '=');
            if (parts.Count < 2)
            {
                return Fail(QuestionImportCodes.NotEnoughAnswers, located.Find('{'), "A matching question needs at least two pairs (=question -> answer).", text);
            }

            var pairs = new List<MatchPair>(parts.Count);
            foreach (var part in parts)
            {
                var answer = PhpText.Trim(part);
                var marker = answer.IndexOf("->", StringComparison.Ordinal);
                if (marker < 0)
                {
                    return Fail(QuestionImportCodes.MatchingFormat, located.Find(EscapePost(answer)), $"'{Snippet(EscapePost(answer))}' has no '->': every pair is written =question -> answer.", answer);
                }

                pairs.Add(new MatchPair(ParseTextWithFormat(answer[..marker], format), PhpText.Trim(EscapePost(answer[(marker + 2)..]))));
            }

            return Ok(question with { Type = QuestionType.Matching, Pairs = pairs });
        }

        GiftQuestionResult ReadTrueFalse(Question question, string answers)
        {
            var bits = answers.Split('#', 3);
            var answer = ParseTextWithFormat(PhpText.Trim(bits[0]), format);
            var wrong = bits.Length > 1 ? ParseTextWithFormat(PhpText.Trim(bits[1]), format) : FormattedText.Empty(format);
            var right = bits.Length > 2 ? ParseTextWithFormat(PhpText.Trim(bits[2]), format) : FormattedText.Empty(format);
            var isTrue = answer.Text is "T" or "TRUE";
            return Ok(question with
            {
                Type = QuestionType.TrueFalse,
                CorrectAnswer = isTrue,
                FeedbackWhenTrue = isTrue ? right : wrong,
                FeedbackWhenFalse = isTrue ? wrong : right,
                Moodle = MoodleSettings.Default with { Penalty = 1 },
            });
        }

        GiftQuestionResult ReadNumerical(Question question, string answers)
        {
            var wrongFeedback = string.Empty;
            var tilde = answers.IndexOf('~', StringComparison.Ordinal);
            if (tilde >= 0)
            {
                wrongFeedback = answers[tilde..];
                answers = answers[..tilde];
            }

            var parts = SplitAnswers(answers, '=');
            if (parts.Count == 0)
            {
                return Fail(QuestionImportCodes.NoNumericalAnswers, located.Find('{'), "Write the number after '#', e.g. {#30} or {#30:5} (value:tolerance) or {#25..35} (range).", text);
            }

            var values = new List<NumericalAnswer>(parts.Count);
            foreach (var part in parts)
            {
                var answer = PhpText.Trim(part);
                if (!TryWeight(ref answer, out var fraction, out var weightError))
                {
                    fraction = 1;
                }
                else if (weightError is not null)
                {
                    return Fail(QuestionImportCodes.NotNumbers, located.Find(part.Trim()), weightError, text);
                }

                var (value, feedback) = CommentParser(answer, format);
                var number = value.Text;
                double? parsed;
                double? tolerance;
                var range = number.IndexOf("..", StringComparison.Ordinal);
                var colon = number.IndexOf(':', StringComparison.Ordinal);
                if (range > 0)
                {
                    // PHP arithmetic: "5abc" counts as 5; a value with no number in front cannot be used.
                    var min = PhpText.ToNumberLeading(PhpText.Trim(number[..range]));
                    var max = PhpText.ToNumberLeading(PhpText.Trim(number[(range + 2)..]));
                    if (min is null || max is null)
                    {
                        return Fail(QuestionImportCodes.NotNumbers, located.Find(number), $"'{number}' is not a range of two numbers (min..max, e.g. 25..35).", text);
                    }

                    parsed = (max + min) / 2;
                    tolerance = max - parsed;
                }
                else
                {
                    var valueText = colon > 0 ? PhpText.Trim(number[..colon]) : PhpText.Trim(number);
                    var toleranceText = colon > 0 ? PhpText.Trim(number[(colon + 1)..]) : "0";
                    tolerance = PhpText.ToNumber(toleranceText);
                    if (tolerance is null)
                    {
                        return Fail(QuestionImportCodes.NotNumbers, located.Find(number), $"The tolerance '{toleranceText}' in '{number}' is not a number (write value:tolerance, e.g. 30:5).", text);
                    }

                    // "*" is Moodle's any-other-answer. Moodle also turns any other non-number into "*"
                    // (so {#abc} would accept every answer); we reject that as the typo it is.
                    parsed = PhpText.ToNumber(valueText);
                    if (parsed is null && valueText != "*")
                    {
                        return Fail(QuestionImportCodes.NotNumbers, located.Find(number), $"'{valueText}' is not a number. Use a number, min..max, value:tolerance, or * for any other answer.", text);
                    }
                }

                values.Add(new NumericalAnswer(parsed, tolerance, fraction, feedback));
            }

            if (PhpText.IsTruthy(wrongFeedback))
            {
                var (_, feedback) = CommentParser(wrongFeedback, format);
                values.Add(new NumericalAnswer(null, null, 0, feedback));
            }

            return Ok(question with { Type = QuestionType.Numerical, NumericalAnswers = values });
        }
    }

    /// <summary>Moodle's answer split: cut at the separator, drop a first piece that trims to "" or "0".</summary>
    private static List<string> SplitAnswers(string answers, char separator)
    {
        var parts = answers.Split(separator).ToList();
        parts[0] = PhpText.Trim(parts[0]);
        if (PhpText.IsEmpty(parts[0]))
        {
            parts.RemoveAt(0);
        }

        return parts;
    }

    /// <summary>
    /// A leading <c>%weight%</c> (up to two digits before an optional decimal part, minus signs
    /// allowed): returns false when there is none; otherwise removes it and sets the fraction, or an
    /// error when the weight is not a number.
    /// </summary>
    private static bool TryWeight(ref string answer, out double fraction, out string? error)
    {
        fraction = 0;
        error = null;
        if (!WeightPattern().IsMatch(answer))
        {
            return false;
        }

        var rest = answer[1..];
        var end = rest.IndexOf('%', StringComparison.Ordinal);
        var weight = rest[..end];
        answer = rest[(end + 1)..];
        if (PhpText.ToNumber(weight) is not { } percent)
        {
            error = $"The weight %{weight}% is not a number (write e.g. %50% or %-33.33333%).";
            return true;
        }

        fraction = percent / 100;
        return true;
    }

    private static (FormattedText Answer, FormattedText Feedback) CommentParser(string answer, TextFormat format)
    {
        var bits = answer.Split('#', 2);
        var text = ParseTextWithFormat(PhpText.Trim(bits[0]), format);
        var feedback = bits.Length > 1 ? ParseTextWithFormat(PhpText.Trim(bits[1]), format) : FormattedText.Empty(format);
        return (text, feedback);
    }

    /// <summary>A leading <c>[html]</c>, <c>[moodle]</c>, <c>[plain]</c> or <c>[markdown]</c> sets the format; anything else is text.</summary>
    private static FormattedText ParseTextWithFormat(string text, TextFormat defaultFormat)
    {
        var format = defaultFormat;
        if (text.StartsWith('['))
        {
            // PHP's strpos() gives false (0 in arithmetic) when there is no ']': Moodle then reads the
            // name between the first and the last BYTE and cuts only the '['.
            var end = text.IndexOf(']', StringComparison.Ordinal);
            var name = end >= 0 ? text[1..end] : text.Length > 1 && text[^1] < 0x80 ? text[1..^1] : null;
            if (QuestionTypes.TryParseFormat(name, out var named))
            {
                format = named;
                text = text[(Math.Max(end, 0) + 1)..];
            }
        }

        return new FormattedText(PhpText.Trim(EscapePost(text)), format);
    }

    private static string EscapePre(string text)
    {
        text = text.Replace("\\\\", "&&092;", StringComparison.Ordinal);
        foreach (var (escape, placeholder, _) in Escapes)
        {
            text = text.Replace(escape, placeholder, StringComparison.Ordinal);
        }

        return text.Replace("&&092;", "\\", StringComparison.Ordinal);
    }

    private static string EscapePost(string text)
    {
        if (!text.Contains("&&", StringComparison.Ordinal))
        {
            return text;
        }

        foreach (var (_, placeholder, character) in Escapes)
        {
            text = text.Replace(placeholder, character, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Placeholders back to the escape sequences the file had (to find a fragment in it).</summary>
    private static string ToSource(string text)
    {
        if (!text.Contains("&&", StringComparison.Ordinal))
        {
            return text;
        }

        foreach (var (escape, placeholder, _) in Escapes)
        {
            text = text.Replace(placeholder, escape, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Moodle's <c>clean_question_name</c>: tags stripped, trimmed, at most 255 characters.</summary>
    internal static string CleanQuestionName(string name)
    {
        name = PhpText.Trim(PhpText.CleanText(name));
        for (var length = 251; PhpText.CodePoints(name) > 255 && length > 0; length -= 10)
        {
            name = PhpText.ShortenText(name, length);
        }

        return name;
    }

    /// <summary>Moodle's default name: the question text shortened to about 80 characters, or "Question name".</summary>
    internal static string DefaultQuestionName(string questionText)
    {
        var name = CleanQuestionName(PhpText.ShortenText(questionText, 80));
        return PhpText.IsTruthy(name) ? name : DefaultName;
    }

    private static string Snippet(string text)
    {
        text = text.ReplaceLineEndings(" ");
        return text.Length <= 60 ? text : text[..57] + "...";
    }

    [GeneratedRegex(@"\[id:((?:\\\]|[^\]\x00-\x1F\x7F])+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"\[tag:((?:\\\]|[^\]<>`\x00-\x1F\x7F]|)+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^%-*([0-9]{1,2})\.?([0-9]*)%", RegexOptions.CultureInvariant)]
    private static partial Regex WeightPattern();

    private readonly record struct SourceLine(string Text, int Line, int ColumnOffset);

    /// <summary>Finds where, in the original lines of a block, a piece of it is (for error positions).</summary>
    private sealed class BlockLocator(IReadOnlyList<SourceLine> lines)
    {
        public int FirstTextLine
        {
            get
            {
                foreach (var line in CodeLines())
                {
                    if (PhpText.Trim(line.Text).Length > 0)
                    {
                        return line.Line;
                    }
                }

                return lines[0].Line;
            }
        }

        /// <summary>The first unescaped <paramref name="c"/> outside comment lines.</summary>
        public (int Line, int Column) Find(char c)
        {
            foreach (var line in CodeLines())
            {
                for (var i = 0; i < line.Text.Length; i++)
                {
                    if (line.Text[i] == '\\')
                    {
                        i++;
                        continue;
                    }

                    if (line.Text[i] == c)
                    {
                        return (line.Line, line.ColumnOffset + i + 1);
                    }
                }
            }

            return (FirstTextLine, 1);
        }

        public (int Line, int Column) Find(string fragment)
        {
            var probe = ToSource(fragment).Split('\n')[0];
            if (probe.Length > 0)
            {
                foreach (var line in CodeLines())
                {
                    var index = line.Text.IndexOf(probe, StringComparison.Ordinal);
                    if (index >= 0)
                    {
                        return (line.Line, line.ColumnOffset + index + 1);
                    }
                }
            }

            return Find('{');
        }

        private IEnumerable<SourceLine> CodeLines() => lines.Where(l => !PhpText.Trim(l.Text).StartsWith("//", StringComparison.Ordinal));
    }
}

/// <summary>What one GIFT question block gave: a question (or category switch), or errors, or neither (a comment-only block).</summary>
public sealed record GiftQuestionResult(Question? Question, int Line, IReadOnlyList<QuestionImportError> Errors)
{
    internal static GiftQuestionResult Nothing { get; } = new(null, 0, []);
}
