using System.Globalization;
using System.Text.RegularExpressions;
using ServiceCoach.Standards;
using static ServiceCoach.Web.Localization;

namespace ServiceCoach.Web.Standards;

/// <summary>How a standard's parts are named on the pages, in the current language.</summary>
public static partial class StandardLabels
{
    public static string Severity(Severity severity) => severity switch
    {
        ServiceCoach.Standards.Severity.Major => T("重"),
        ServiceCoach.Standards.Severity.Moderate => T("中"),
        _ => T("轻"),
    };

    public static string Role(RoleScope role) => role switch
    {
        RoleScope.Agent => T("客服@@agent"),
        RoleScope.Customer => T("客户@@customer"),
        RoleScope.System => T("系统@@system"),
        _ => T("任一方"),
    };

    public static string Na(NaHandling handling) => handling == NaHandling.Pass
        ? T("不适用时按通过计分")
        : T("不适用时不计入分母");

    /// <summary>Which turns a condition looks at, e.g. "客服 · 前 1 句 · 在 agent-holds 之后 3 句内".</summary>
    public static string Scope(ConditionDefinition condition, IReadOnlyDictionary<string, string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var parts = new List<string> { Role(condition.Role) };
        if (condition.Turns is { } turns)
        {
            parts.Add(turns switch
            {
                { First: { } first } => T("前 {0} 句", first),
                { Last: { } last } => T("最后 {0} 句", last),
                _ => T("第 {0} 至 {1} 句", Index(turns.From), Index(turns.To)),
            });
        }

        if (condition.Anchor is { } anchor)
        {
            var within = anchor.Within is { } w ? T(" {0} 句内", w) : "";
            var anchorName = names is not null && names.TryGetValue(anchor.ConditionId.Value, out var named) ? $"「{named}」" : anchor.ConditionId.Value;
            parts.Add(anchor.After
                ? T("在 {0} 之后{1}", anchorName, within)
                : T("在 {0} 之前{1}", anchorName, within));
        }

        return string.Join(" · ", parts);
    }

    /// <summary>A check's rule in words: "通过条件" or "不通过条件" followed by its expression.</summary>
    public static string Rule(CheckDefinition check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return check.Mode == CheckMode.PassWhen ? T("满足以下条件时通过：") : T("出现以下情况时不通过：");
    }

    /// <summary>A name or description of the standard in the reader's language, where the standard gives it in that language.</summary>
    public static string Text(string text, IReadOnlyDictionary<string, string> translations) =>
        StandardText.In(text, translations, CultureInfo.CurrentUICulture.Name);

    /// <summary>A check result's name in the reader's language, where its standard gives one.</summary>
    public static string CheckName(ServiceCoach.Quality.CheckResult check, CompiledStandard? standard)
    {
        ArgumentNullException.ThrowIfNull(check);
        return Definition(check, standard) is { } d ? Text(d.Name, d.NameTranslations) : check.Name;
    }

    /// <summary>
    /// A failure's reason in the reader's language: the engine writes the check's default message
    /// first, which is swapped for its translation (details the operators add stay as written).
    /// </summary>
    public static string? Reason(ServiceCoach.Quality.CheckResult check, CompiledStandard? standard)
    {
        ArgumentNullException.ThrowIfNull(check);
        return check.Reason is { } reason && Definition(check, standard) is { Message: { Length: > 0 } message } d
            && reason.StartsWith(message, StringComparison.Ordinal)
            ? Text(message, d.MessageTranslations) + reason[message.Length..]
            : check.Reason;
    }

    /// <summary>A failure's suggestion in the reader's language when it is the check's general advice (evidence rewrites stay as written).</summary>
    public static string? Suggestion(ServiceCoach.Quality.CheckResult check, CompiledStandard? standard)
    {
        ArgumentNullException.ThrowIfNull(check);
        return check.Suggestion is { } suggestion && Definition(check, standard) is { Suggestion: { } general } d && suggestion == general
            ? Text(general, d.SuggestionTranslations)
            : check.Suggestion;
    }

    /// <summary>A dimension's name in the reader's language, where the standard gives one; <paramref name="fallback"/> otherwise (a standard no longer stored).</summary>
    public static string DimensionName(string id, string fallback, CompiledStandard? standard) =>
        standard?.Definition.Scorecard.Dimensions.FirstOrDefault(d => d.Id == id) is { } d ? Text(d.Name, d.NameTranslations) : fallback;

    /// <summary>A grade's name in the reader's language, where the standard gives one.</summary>
    public static string GradeName(string id, string fallback, CompiledStandard? standard) =>
        standard?.Definition.Scorecard.Grades.FirstOrDefault(g => g.Id == id) is { } g ? Text(g.Name, g.NameTranslations) : fallback;

    /// <summary>A check's name by id in the reader's language (lists and the dashboard, which hold no check result).</summary>
    public static string CheckName(string id, string fallback, CompiledStandard? standard) =>
        standard?.CheckDefinitions.FirstOrDefault(c => c.Id == id) is { } c ? Text(c.Name, c.NameTranslations) : fallback;

    private static CheckDefinition? Definition(ServiceCoach.Quality.CheckResult check, CompiledStandard? standard)
    {
        if (standard is null)
        {
            return null;
        }

        foreach (var definition in standard.CheckDefinitions)
        {
            if (definition.Id == check.Id)
            {
                return definition;
            }
        }

        return null;
    }

    /// <summary>
    /// A readable name for every condition, in the reader's language: the condition's own name, else
    /// the name of the tag or check whose rule is exactly that condition, else its id.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ConditionNames(ServiceStandard standard)
    {
        ArgumentNullException.ThrowIfNull(standard);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var condition in standard.Conditions)
        {
            var name = condition.Name is { } own ? Text(own, condition.NameTranslations)
                : standard.Tags.FirstOrDefault(t => t.When.Value.Trim() == condition.Id) is { } tag ? Text(tag.Name, tag.NameTranslations)
                : standard.Scorecard.Checks.FirstOrDefault(c => c.Expression.Value.Trim() == condition.Id) is { } check ? Text(check.Name, check.NameTranslations)
                : condition.Id;
            names.TryAdd(condition.Id, name);
        }

        return names;
    }

    /// <summary>A problem of an uploaded file, as the page lists it.</summary>
    public static string Where(StandardProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return T("第 {0} 行，第 {1} 列", problem.Location.Line, problem.Location.Column);
    }

    /// <summary>A 0–1 rate as a percentage with one decimal, or "—".</summary>
    public static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";

    /// <summary>
    /// An expression cut into words and the rest, so the page can link each word that names a
    /// condition to where the condition is described (<c>!a &amp;&amp; (b || c)</c>).
    /// </summary>
    public static IEnumerable<(string Text, bool IsName)> ExpressionParts(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var position = 0;
        foreach (Match match in NamePattern().Matches(expression))
        {
            if (match.Index > position)
            {
                yield return (expression[position..match.Index], false);
            }

            yield return (match.Value, true);
            position = match.Index + match.Length;
        }

        if (position < expression.Length)
        {
            yield return (expression[position..], false);
        }
    }

    private static string Index(int? index) => index switch
    {
        null => "…",
        < 0 => T("倒数第 {0}", -index),
        { } i => i.ToString(CultureInfo.InvariantCulture),
    };

    // The same words as BooleanExpression reads: anything but spaces, brackets and operators.
    [GeneratedRegex(@"[^\s()!&|]+")]
    private static partial Regex NamePattern();
}
