using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Operators;

/// <summary>
/// A standard flow (问候→识别需求→解答→确认→致谢, L-U-A-S-F…) followed in the scoped turns. A step is
/// present when a scoped turn whose speaker matches the step's role hits the step's phrases.
/// With <c>ordered: true</c> (default) steps are matched greedily in flow order: each step takes
/// its earliest hit at or after the turn of the previous matched step (the same turn counts); a
/// step heard only before that is out of order and does not count. Hits when at least
/// <c>minSteps</c> of the required steps (all, or those listed in <c>steps</c>) are matched.
/// Evidence: the first phrase of each matched step, noted with the step's name.
/// </summary>
internal sealed class FlowOperator : ICheckOperator
{
    public string Name => "flow";

    public string Summary => "hits when at least 'minSteps' steps of a flow occur (in order unless 'ordered: false')";

    public ICompiledOperator? Compile(OperatorArguments arguments, StandardCompilation compilation)
    {
        var map = arguments.Map;
        var context = OperatorText.Context(arguments);
        var id = map.String("flow", required: true);
        var ordered = map.Bool("ordered") ?? true;
        var stepIds = map.StringList("steps");
        var minSteps = map.Int("minSteps", 1, 1000);
        if (id is null)
        {
            return null;
        }

        var flow = compilation.ResolveFlow(id.Value, context);
        if (flow is null)
        {
            return null;
        }

        var steps = new List<CompiledFlowStep>();
        var stepsOk = true;
        if (stepIds is null)
        {
            steps.AddRange(flow.Steps);
        }
        else
        {
            foreach (var stepId in stepIds)
            {
                var step = Array.Find(flow.Steps, s => s.Id == stepId.Value);
                if (step is null)
                {
                    stepsOk = false;
                    var hint = StandardCompilation.Closest(stepId.Value, flow.Steps.Select(s => s.Id));
                    arguments.Problem(stepId.Location, $"{context} names step '{stepId.Value}', which flow '{flow.Id}' does not have." +
                        (hint is null ? $" Steps: {string.Join(", ", flow.Steps.Select(s => s.Id))}." : $" Did you mean '{hint}'?"));
                }
                else if (!steps.Contains(step))
                {
                    steps.Add(step);
                }
            }

            // Required steps keep the flow's order whatever order 'steps' lists them in.
            steps.Sort((a, b) => Array.IndexOf(flow.Steps, a).CompareTo(Array.IndexOf(flow.Steps, b)));
        }

        if (!stepsOk)
        {
            return null;
        }

        if (minSteps > steps.Count)
        {
            arguments.Problem(map.LocationOf("minSteps"), $"{context}: 'minSteps' is {minSteps} but only {steps.Count} steps are required.");
            return null;
        }

        return new Compiled([.. steps], ordered, minSteps ?? steps.Count);
    }

    private sealed class Compiled(CompiledFlowStep[] steps, bool ordered, int minSteps) : ICompiledOperator
    {
        public Truth Evaluate(EvaluationContext context, ReadOnlySpan<int> scope)
        {
            var missing = new List<string>();
            var outOfOrder = new List<string>();
            var matched = 0;
            var previousTurn = -1;
            string? previousName = null;
            foreach (var step in steps)
            {
                var earliest = -1;
                var atOrAfter = -1;
                foreach (var turn in scope)
                {
                    if (!CompiledStandard.RoleMatches(step.Role, context.TurnAt(turn).Speaker) || !context.TurnHits(turn, step.Lexicons))
                    {
                        continue;
                    }

                    if (earliest < 0)
                    {
                        earliest = turn;
                    }

                    if (turn >= previousTurn)
                    {
                        atOrAfter = turn;
                        break;
                    }
                }

                var taken = ordered ? atOrAfter : earliest;
                if (taken < 0)
                {
                    if (earliest >= 0)
                    {
                        outOfOrder.Add($"{step.Name}（出现在「{previousName}」之前）");
                    }
                    else
                    {
                        missing.Add(step.Name);
                    }

                    continue;
                }

                matched++;
                LexiconMatches.TryFirst(context, taken, step.Lexicons, out var first);
                context.AddEvidence(new EvidenceItem(taken, first.Start, first.Length, null, step.Name));
                if (ordered)
                {
                    previousTurn = taken;
                    previousName = step.Name;
                }
            }

            if (missing.Count > 0)
            {
                context.AddReason($"缺少步骤：{OperatorText.List(missing)}");
            }

            if (outOfOrder.Count > 0)
            {
                context.AddReason($"顺序不符：{OperatorText.List(outOfOrder)}");
            }

            return matched >= minSteps ? Truth.True : Truth.False;
        }
    }
}
