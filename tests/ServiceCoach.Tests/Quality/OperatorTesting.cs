using System.Text;
using ServiceCoach.Conversations;
using ServiceCoach.Quality;
using ServiceCoach.Standards;

namespace ServiceCoach.Tests.Quality;

/// <summary>
/// What one operator answered, read from the two checks of the test standard: check <c>hit</c>
/// (<c>pass: c</c>) passes when the operator hits, fails when it does not and is na when it cannot
/// tell; check <c>miss</c> (<c>fail: c</c>) is its mirror. A check shows reasons only when it fails
/// or is na, and keeps all its evidence only then, so <see cref="Reason"/> and <see cref="Evidence"/>
/// are taken from whichever of the two did not pass.
/// </summary>
internal sealed record OperatorResult(CheckOutcome Outcome, IReadOnlyList<EvidenceSpan> Evidence, string? Reason, Scorecard Scorecard);

/// <summary>
/// Runs ONE operator inside a minimal standard so an operator test reads like its spec:
/// <c>var check = OperatorTesting.Run("speechRate: {minCharsPerMinute: 180}", conversation);</c>
/// then asserts the outcome (pass = the operator hit, fail = it did not, na = unknown), the
/// evidence and the reasons. The standard has one condition <c>c</c> holding the operator and two
/// checks: <c>hit</c> (<c>pass: c</c>) and <c>miss</c> (<c>fail: c</c>).
/// </summary>
internal static class OperatorTesting
{
    public const string FileName = "operator-test.yaml";

    /// <summary>The line of the generated standard that holds the operator (conditions come first so it never moves).</summary>
    public const int OperatorLine = 9;

    /// <summary>Column of the operator's name on <see cref="OperatorLine"/> ("      - " precedes it).</summary>
    public const int OperatorColumn = 9;

    /// <summary>Used when a test gives no lexicons: a standard needs at least one.</summary>
    public const string DefaultLexicons = """
        greeting:
          phrases: [您好]
        """;

    /// <param name="operatorText">The operator on one line, e.g. <c>phrase: {lexicons: [greeting]}</c>.</param>
    /// <param name="role">The condition's role.</param>
    /// <param name="turns">The condition's turn range in flow style, e.g. <c>{first: 2}</c>.</param>
    /// <param name="lexicons">Entries of the <c>lexicons:</c> mapping, unindented.</param>
    /// <param name="flows">Entries of the <c>flows:</c> mapping, unindented.</param>
    /// <param name="timing">Entries of the <c>timing:</c> mapping, unindented.</param>
    public static string Standard(string operatorText, string role = "any", string? turns = null, string? lexicons = null, string? flows = null, string? timing = null)
    {
        var yaml = new StringBuilder();
        yaml.Append("""
            id: operator-test
            version: "1"
            name: 算子测试
            locale: zh-CN
            conditions:
              c:
                role: ROLE
                operators:

            """.Replace("ROLE", role, StringComparison.Ordinal));
        yaml.Append("      - ").Append(operatorText).Append('\n');
        if (turns is not null)
        {
            yaml.Append("    turns: ").Append(turns).Append('\n');
        }

        Section(yaml, "lexicons", lexicons ?? DefaultLexicons);
        if (flows is not null)
        {
            Section(yaml, "flows", flows);
        }

        if (timing is not null)
        {
            Section(yaml, "timing", timing);
        }

        yaml.Append("""
            scorecard:
              dimensions: [{id: d, name: 维度, weight: 1}]
              grades: [{id: ok, name: 合格, min: 0}]
              checks:
                - {id: hit, name: 命中, dimension: d, points: 10, pass: c}
                - {id: miss, name: 未命中, dimension: d, points: 10, fail: c}

            """);
        return yaml.ToString();
    }

    public static StandardLoadResult Load(string operatorText, string role = "any", string? turns = null, string? lexicons = null, string? flows = null, string? timing = null) =>
        StandardLoader.Load(Standard(operatorText, role, turns, lexicons, flows, timing), FileName);

    /// <summary>Scores <paramref name="conversation"/> and reports what the operator answered.</summary>
    public static OperatorResult Run(string operatorText, Conversation conversation, string role = "any", string? turns = null, string? lexicons = null, string? flows = null, string? timing = null)
    {
        var standard = Load(operatorText, role, turns, lexicons, flows, timing).GetStandardOrThrow();
        var scorecard = new QualityEngine(standard).Score(conversation);
        var hit = scorecard.Check("hit")!;
        var miss = scorecard.Check("miss")!;
        // A passed check keeps only a few spans, so the evidence comes from whichever check did not pass.
        var explaining = hit.Outcome == CheckOutcome.Pass ? miss : hit;
        return new OperatorResult(hit.Outcome, explaining.Evidence, explaining.Reason, scorecard);
    }

    /// <summary>The problems of a standard that must not load.</summary>
    public static IReadOnlyList<StandardProblem> Problems(string operatorText, string role = "any", string? turns = null, string? lexicons = null, string? flows = null, string? timing = null)
    {
        var result = Load(operatorText, role, turns, lexicons, flows, timing);
        Assert.False(result.Succeeded, "The standard was expected to have problems.");
        Assert.NotEmpty(result.Problems);
        return result.Problems;
    }

    /// <summary>Asserts exactly one problem, on the operator's line, whose message contains every fragment.</summary>
    public static StandardProblem SingleProblemOnOperatorLine(string operatorText, params string[] fragments) =>
        SingleProblem(Problems(operatorText), OperatorLine, fragments);

    public static StandardProblem SingleProblem(IReadOnlyList<StandardProblem> problems, int line, params string[] fragments)
    {
        var problem = Assert.Single(problems);
        Assert.Equal(FileName, problem.Location.File);
        Assert.Equal(line, problem.Location.Line);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, problem.Message, StringComparison.Ordinal);
        }

        return problem;
    }

    /// <summary>The 1-based column of <paramref name="fragment"/> on the operator's line.</summary>
    public static int ColumnOf(string operatorText, string fragment) =>
        OperatorColumn + operatorText.IndexOf(fragment, StringComparison.Ordinal);

    public static Conversation Conversation(params Turn[] turns) => new() { Id = "conv-1", Turns = turns };

    /// <param name="start">Seconds from the start of the conversation; null = no timing.</param>
    /// <param name="end">Seconds; null = unknown.</param>
    public static Turn Agent(string text, double? start = null, double? end = null) => new(Speaker.Agent, text, Ms(start), Ms(end));

    public static Turn Customer(string text, double? start = null, double? end = null) => new(Speaker.Customer, text, Ms(start), Ms(end));

    public static Turn SystemTurn(string text, double? start = null, double? end = null) => new(Speaker.System, text, Ms(start), Ms(end));

    /// <summary>Whole-turn evidence as the engine reports it.</summary>
    public static EvidenceSpan WholeTurn(Conversation conversation, int turn, string? note) =>
        new(turn, 0, conversation.Turns[turn].Text.Length, conversation.Turns[turn].Text, null, note);

    /// <summary>Evidence for the first occurrence of <paramref name="text"/> in a turn's ORIGINAL text.</summary>
    public static EvidenceSpan Span(Conversation conversation, int turn, string text, string? suggestion = null, string? note = null)
    {
        var start = conversation.Turns[turn].Text.IndexOf(text, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{text}' is not in turn {turn}.");
        return new EvidenceSpan(turn, start, text.Length, text, suggestion, note);
    }

    private static long? Ms(double? seconds) => seconds is { } s ? (long)Math.Round(s * 1000) : null;

    private static void Section(StringBuilder yaml, string key, string body)
    {
        yaml.Append(key).Append(":\n");
        foreach (var line in body.Split('\n'))
        {
            if (line.Trim().Length > 0)
            {
                yaml.Append("  ").Append(line.TrimEnd('\r')).Append('\n');
            }
        }
    }
}
