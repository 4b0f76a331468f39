using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// The arguments of one operator use, read with the same located, typed getters as the rest of
/// the standard; unknown argument names are reported when compilation of the operator ends.
/// </summary>
internal sealed class OperatorArguments(YamlMap map, string operatorName, string conditionId)
{
    public YamlMap Map { get; } = map;

    public string OperatorName { get; } = operatorName;

    public string ConditionId { get; } = conditionId;

    public SourceLocation Location => Map.Location;

    public void Problem(SourceLocation location, string message) => Map.Problems.Add(location, message);

    public void Problem(string message) => Map.Problems.Add(Map.Location, message);
}
