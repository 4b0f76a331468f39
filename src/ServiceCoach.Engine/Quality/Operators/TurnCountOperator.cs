using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// How many turns the condition's scope holds (so <c>role: customer</c> counts the customer's
/// turns): hits when the count is within [<c>min</c>, <c>max</c>], both inclusive, either open.
/// </summary>
internal sealed class TurnCountOperator : ICheckOperator
{
    public string Name => "turnCount";

    public string Summary => "hits when the number of scoped turns is between 'min' and 'max'";

    public ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation) =>
        OperatorText.MinMax(arguments, "min", "max", 0, 100_000, out var min, out var max) ? new Compiled(min, max) : null;

    private sealed class Compiled(int? min, int? max) : ICompiledOperator
    {
        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            context.AddReason($"共 {scope.Length} 轮（范围 {OperatorText.Range(min, max, " 轮")}）");
            return OperatorText.Within(scope.Length, min, max) ? Truth.True : Truth.False;
        }
    }
}
