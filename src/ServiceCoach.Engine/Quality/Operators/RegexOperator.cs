using System.Text.RegularExpressions;
using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// A regular expression on the normalised text of each scoped turn (simplified script,
/// half-width, lower case; linear-time engine). Hits when some turn matches <c>pattern</c> and the
/// same turn does not match <c>exclude</c>. Evidence: each match, carrying <c>suggestion</c>
/// (the rewrite to propose) when given.
/// </summary>
internal sealed class RegexOperator : ICheckOperator
{
    public string Name => "regex";

    public string Summary => "hits when a turn matches 'pattern' and not 'exclude' (on normalised text)";

    public ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation)
    {
        var map = arguments.Map;
        var context = $"Operator 'regex' in condition '{arguments.ConditionId}'";
        var pattern = map.String("pattern", required: true);
        var exclude = map.String("exclude");
        var suggestion = map.String("suggestion")?.Value;
        var regex = pattern is { } p ? compilation.CompileRegex(p, context) : null;
        var excludeRegex = exclude is { } x ? compilation.CompileRegex(x, context) : null;
        if (regex is null || (exclude is not null && excludeRegex is null))
        {
            return null;
        }

        return new Compiled(regex, excludeRegex, suggestion);
    }

    private sealed class Compiled(Regex pattern, Regex? exclude, string? suggestion) : ICompiledOperator
    {
        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            var hit = false;
            foreach (var turn in scope)
            {
                var text = context.NormalizedText(turn);
                if (exclude is not null && exclude.IsMatch(text))
                {
                    continue;
                }

                foreach (var match in pattern.EnumerateMatches(text))
                {
                    if (match.Length == 0)
                    {
                        continue;
                    }

                    hit = true;
                    context.AddEvidence(new EvidenceItem(turn, match.Index, match.Length, suggestion));
                }
            }

            return hit ? Truth.True : Truth.False;
        }
    }
}
