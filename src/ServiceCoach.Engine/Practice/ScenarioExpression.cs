using System.Globalization;
using ServiceCoach.Standards;

namespace ServiceCoach.Practice;

/// <summary>Where an expression is used decides which operands it may name.</summary>
internal enum ExpressionScope
{
    /// <summary>A need or beat trigger: judged on one reply, with the customer's state after it.</summary>
    Reply,

    /// <summary>A rubric item: judged on the whole attempt.</summary>
    Attempt,
}

internal enum OperandKind
{
    /// <summary>A tag of the standard, a scenario cue, <c>ignored</c> or <c>lexicon:id</c>: heard in this reply (reply scope) or in any reply (attempt scope).</summary>
    Signal,

    /// <summary><c>ever:signal</c>: heard in this or any earlier reply.</summary>
    Ever,

    /// <summary><c>a&lt;&lt;b</c>: a was first heard no later than b (attempt scope).</summary>
    Before,

    Emotion,

    Turn,

    /// <summary><c>need:id</c>: the need is met (so far).</summary>
    Need,

    /// <summary><c>outcome:resolved</c> … (attempt scope).</summary>
    Outcome,

    /// <summary><c>check:id</c>: the standard's check passed on the transcript (attempt scope).</summary>
    Check,
}

internal enum Comparison
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
}

internal sealed record Operand(OperandKind Kind, string Name, string? Other = null, Comparison Comparison = Comparison.Equal, int Number = 0)
{
    public bool Compare(int value) => Comparison switch
    {
        Comparison.Less => value < Number,
        Comparison.LessOrEqual => value <= Number,
        Comparison.Greater => value > Number,
        Comparison.GreaterOrEqual => value >= Number,
        _ => value == Number,
    };
}

/// <summary>What an expression's operands are evaluated against.</summary>
internal interface IExpressionState
{
    bool Heard(string signal);

    bool EverHeard(string signal);

    /// <summary>The reply index (0-based) at which the signal was first heard, or null.</summary>
    int? FirstHeard(string signal);

    int Emotion { get; }

    /// <summary>Learner replies so far (1 after the first reply).</summary>
    int Turn { get; }

    bool NeedMet(string need);

    PracticeOutcome? Outcome { get; }

    bool CheckPassed(string check);
}

/// <summary>
/// A trigger or rubric expression of a scenario: the standard's boolean syntax (<c>!</c>, <c>&amp;&amp;</c>,
/// <c>||</c>, parentheses) over practice operands (docs/scenarios.md#expressions).
/// </summary>
internal sealed class ScenarioExpression
{
    private readonly BooleanExpression _expression;
    private readonly Operand[] _operands;

    private ScenarioExpression(BooleanExpression expression, Operand[] operands)
    {
        _expression = expression;
        _operands = operands;
    }

    public string Text => _expression.Text;

    public IReadOnlyList<Operand> Operands => _operands;

    /// <summary>The plain signals the expression listens to (for "what would have satisfied this").</summary>
    public IEnumerable<string> Signals => _operands.Where(o => o.Kind is OperandKind.Signal or OperandKind.Ever).Select(o => o.Name);

    public bool Evaluate(IExpressionState state) =>
        _expression.Evaluate((State: state, Operands: _operands), static (s, i) => Value(s.Operands[i], s.State) ? Truth.True : Truth.False) == Truth.True;

    private static bool Value(Operand operand, IExpressionState state) => operand.Kind switch
    {
        OperandKind.Signal => state.Heard(operand.Name),
        OperandKind.Ever => state.EverHeard(operand.Name),
        OperandKind.Before => state.FirstHeard(operand.Name) is { } a && (state.FirstHeard(operand.Other!) is not { } b || a <= b),
        OperandKind.Emotion => operand.Compare(state.Emotion),
        OperandKind.Turn => operand.Compare(state.Turn),
        OperandKind.Need => state.NeedMet(operand.Name),
        OperandKind.Outcome => state.Outcome is { } outcome && PracticeOutcomes.Name(outcome) == operand.Name,
        OperandKind.Check => state.CheckPassed(operand.Name),
        _ => false,
    };

    /// <summary>Compiles <paramref name="text"/>; problems are reported at the operand's column.</summary>
    public static ScenarioExpression? Compile(Located<string> text, ExpressionScope scope, SignalCatalog signals, IReadOnlyCollection<string> needIds, ProblemCollector problems, string context)
    {
        var operands = new List<Operand>();
        string? operandError = null;
        var expression = BooleanExpression.TryParse(text.Value, name =>
        {
            var operand = Resolve(name, scope, signals, needIds, out var error);
            if (operand is null)
            {
                operandError ??= error;
                return null;
            }

            var index = operands.IndexOf(operand);
            if (index < 0)
            {
                operands.Add(operand);
                index = operands.Count - 1;
            }

            return index;
        }, out var parseError);
        if (expression is null)
        {
            var message = operandError is not null && parseError.Message.EndsWith("is not defined here.", StringComparison.Ordinal) ? operandError : parseError.Message;
            problems.Add(text.Location with { Column = text.Location.Column + parseError.Position }, $"In {context}: {message}");
            return null;
        }

        return new ScenarioExpression(expression, [.. operands]);
    }

    private static readonly (string Token, Comparison Comparison)[] Comparisons =
    [
        ("<=", Comparison.LessOrEqual), (">=", Comparison.GreaterOrEqual), ("<", Comparison.Less), (">", Comparison.Greater), ("=", Comparison.Equal),
    ];

    private static Operand? Resolve(string name, ExpressionScope scope, SignalCatalog signals, IReadOnlyCollection<string> needIds, out string error)
    {
        error = "";
        var before = name.IndexOf("<<", StringComparison.Ordinal);
        if (before > 0)
        {
            var a = name[..before];
            var b = name[(before + 2)..];
            if (scope != ExpressionScope.Attempt)
            {
                error = $"'{name}': 'a<<b' (a before b) is for rubric items, which judge the whole attempt.";
                return null;
            }

            foreach (var signal in (ReadOnlySpan<string>)[a, b])
            {
                if (!signals.Contains(signal))
                {
                    error = signals.Unknown(signal);
                    return null;
                }
            }

            return new Operand(OperandKind.Before, a, b);
        }

        foreach (var (token, comparison) in Comparisons)
        {
            var at = name.IndexOf(token, StringComparison.Ordinal);
            if (at <= 0)
            {
                continue;
            }

            var left = name[..at];
            var right = name[(at + token.Length)..];
            if (left is not ("emotion" or "turn"))
            {
                error = $"'{name}': only emotion and turn can be compared (emotion>=60, turn<=3).";
                return null;
            }

            if (!int.TryParse(right, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                error = $"'{name}': expected a whole number after '{token}'.";
                return null;
            }

            return new Operand(left == "emotion" ? OperandKind.Emotion : OperandKind.Turn, left, null, comparison, number);
        }

        var colon = name.IndexOf(':', StringComparison.Ordinal);
        var prefix = colon > 0 ? name[..colon] : "";
        var rest = colon > 0 ? name[(colon + 1)..] : name;
        switch (prefix)
        {
            case "need":
                if (!needIds.Contains(rest))
                {
                    error = $"'{name}': there is no need '{rest}' in this scenario (needs: {string.Join(", ", needIds)}).";
                    return null;
                }

                return new Operand(OperandKind.Need, rest);
            case "ever":
                if (!signals.Contains(rest))
                {
                    error = signals.Unknown(rest);
                    return null;
                }

                return new Operand(OperandKind.Ever, rest);
            case "outcome":
                if (scope != ExpressionScope.Attempt || PracticeOutcomes.Parse(rest) is null)
                {
                    error = scope != ExpressionScope.Attempt
                        ? $"'{name}': the outcome is only known for rubric items."
                        : $"'{name}': the outcome is one of {string.Join(", ", PracticeOutcomes.Names)}.";
                    return null;
                }

                return new Operand(OperandKind.Outcome, rest);
            case "check":
                if (scope != ExpressionScope.Attempt || !signals.CheckExists(rest))
                {
                    error = scope != ExpressionScope.Attempt
                        ? $"'{name}': the standard's checks are judged on the whole transcript, so only rubric items can name them."
                        : $"'{name}': the standard has no check '{rest}'.";
                    return null;
                }

                return new Operand(OperandKind.Check, rest);
        }

        if (!signals.Contains(name))
        {
            error = signals.Unknown(name);
            return null;
        }

        return new Operand(OperandKind.Signal, name);
    }
}
