using System.Reflection;
using ServiceCoach.Standards;

namespace ServiceCoach.Practice;

/// <summary>A scenario file's name and text (the engine never opens files itself).</summary>
public sealed record ScenarioSource(string FileName, string Yaml);

/// <summary>
/// A set of scenarios compiled against one standard, with every problem of every file. Files with
/// problems are left out; the rest can be used. Two files with the same scenario id are a problem.
/// </summary>
public sealed class ScenarioLibrary
{
    private ScenarioLibrary(IReadOnlyList<CompiledScenario> scenarios, IReadOnlyList<StandardProblem> problems)
    {
        Scenarios = scenarios;
        Problems = problems;
    }

    /// <summary>The scenarios that loaded, sorted by category, difficulty and id.</summary>
    public IReadOnlyList<CompiledScenario> Scenarios { get; }

    public IReadOnlyList<StandardProblem> Problems { get; }

    public CompiledScenario? Find(string id) => Scenarios.FirstOrDefault(s => s.Id == id);

    public static ScenarioLibrary Load(IEnumerable<ScenarioSource> sources, CompiledStandard standard, CustomerReactions? reactions = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(standard);
        var scenarios = new List<CompiledScenario>();
        var problems = new List<StandardProblem>();
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var result = ScenarioLoader.Load(source.Yaml, source.FileName, standard, reactions);
            problems.AddRange(result.Problems);
            if (!result.Succeeded)
            {
                continue;
            }

            var scenario = result.Scenario!;
            if (files.TryGetValue(scenario.Id, out var other))
            {
                problems.Add(new StandardProblem(new SourceLocation(source.FileName, 1, 1), $"The scenario id '{scenario.Id}' is already used by {other}."));
                continue;
            }

            files[scenario.Id] = source.FileName;
            scenarios.Add(scenario);
        }

        return new ScenarioLibrary(
            [.. scenarios.OrderBy(s => CategoryOrder(s.Definition.Category)).ThenBy(s => s.Definition.Difficulty).ThenBy(s => s.Id, StringComparer.Ordinal)],
            problems);
    }

    /// <summary>Scenarios first added in the month of <paramref name="today"/> (the documents ask for 10 new typical scenarios a month).</summary>
    public IReadOnlyList<CompiledScenario> AddedInMonthOf(DateOnly today) =>
        [.. Scenarios.Where(s => s.Definition.Added.Year == today.Year && s.Definition.Added.Month == today.Month)];

    private static int CategoryOrder(string category)
    {
        for (var i = 0; i < ScenarioCategories.All.Count; i++)
        {
            if (ScenarioCategories.All[i].Id == category)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}

/// <summary>The scenarios that ship with ServiceCoach (scenarios/*.yaml, embedded at build time).</summary>
public static class ShippedScenarios
{
    private const string Prefix = "ServiceCoach.Scenarios.";

    /// <summary>The shipped scenario files, by file name.</summary>
    public static IReadOnlyList<ScenarioSource> Sources { get; } = ReadAll();

    /// <summary>The shipped scenarios compiled against the shipped standard, once per process.</summary>
    public static ScenarioLibrary Default => LazyDefault.Value;

    private static readonly Lazy<ScenarioLibrary> LazyDefault = new(() => ScenarioLibrary.Load(Sources, ShippedStandards.Default));

    private static ScenarioSource[] ReadAll()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var sources = new List<ScenarioSource>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            sources.Add(new ScenarioSource(name[Prefix.Length..], reader.ReadToEnd()));
        }

        return [.. sources];
    }
}
