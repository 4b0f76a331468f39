using System.Globalization;
using ServiceCoach.Training;

namespace ServiceCoach.Web.Training;

/// <summary>
/// The exam paper editor's text form of rules, one per line: <c>#123</c> (question 123, optionally
/// <c>mark=2</c>) or <c>10 category=服务标准 tag=empathy difficulty=2 mark=1</c> (a random draw).
/// </summary>
internal static class ExamRuleText
{
    public static (IReadOnlyList<ExamRule> Rules, IReadOnlyList<string> Problems) Parse(string? text)
    {
        var rules = new List<ExamRule>();
        var problems = new List<string>();
        var lineNumber = 0;
        foreach (var raw in (text ?? "").Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            long? question = null;
            var count = 1;
            string? category = null, tag = null;
            int? difficulty = null;
            double mark = 1;
            var ok = true;
            foreach (var part in parts)
            {
                if (part.StartsWith('#') && long.TryParse(part.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    question = id;
                }
                else if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    count = n;
                }
                else if (part.Split('=', 2) is [var key, var value])
                {
                    switch (key)
                    {
                        case "category": category = value; break;
                        case "tag": tag = value; break;
                        case "difficulty" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var d): difficulty = d; break;
                        case "mark" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var m): mark = m; break;
                        default: ok = false; break;
                    }
                }
                else
                {
                    ok = false;
                }
            }

            if (!ok)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"Line {lineNumber}: '{line}' — write #<question id> or <count> category=… tag=… difficulty=1..3 mark=…"));
                continue;
            }

            rules.Add(question is { } q ? ExamRule.Fixed(q, mark) : ExamRule.Draw(count, category, tag, difficulty, mark));
        }

        return (rules, problems);
    }

    public static string Format(IEnumerable<ExamRule> rules) => string.Join('\n', rules.Select(r =>
    {
        var mark = r.Mark == 1 ? "" : " mark=" + r.Mark.ToString(CultureInfo.InvariantCulture);
        if (r.QuestionId is { } id)
        {
            return "#" + id.ToString(CultureInfo.InvariantCulture) + mark;
        }

        var text = r.Count.ToString(CultureInfo.InvariantCulture);
        if (r.Category is { Length: > 0 })
        {
            text += " category=" + r.Category;
        }

        if (r.Tag is { Length: > 0 })
        {
            text += " tag=" + r.Tag;
        }

        if (r.Difficulty is { } d)
        {
            text += " difficulty=" + d.ToString(CultureInfo.InvariantCulture);
        }

        return text + mark;
    }));
}
