using ServiceCoach.Practice;
using ServiceCoach.Standards;

namespace ServiceCoach.Cli.Practice;

/// <summary>Reads scenario files for a command (the engine takes text, never paths).</summary>
internal static class ScenarioFiles
{
    /// <summary>
    /// The scenario sources of a directory (its *.yaml and *.yml files, sorted) or of one file; the
    /// shipped library when <paramref name="path"/> is null. A path that cannot be read is a problem.
    /// </summary>
    public static (IReadOnlyList<ScenarioSource> Sources, IReadOnlyList<StandardProblem> Problems) Read(string? path)
    {
        if (path is null)
        {
            return (ShippedScenarios.Sources, []);
        }

        var problems = new List<StandardProblem>();
        var sources = new List<ScenarioSource>();
        string[] files;
        if (Directory.Exists(path))
        {
            files = [.. Directory.EnumerateFiles(path, "*.y*ml", SearchOption.TopDirectoryOnly)
                .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)];
            if (files.Length == 0)
            {
                problems.Add(new StandardProblem(new SourceLocation(path, 1, 1), "The directory has no .yaml scenario files."));
            }
        }
        else if (File.Exists(path))
        {
            files = [path];
        }
        else
        {
            return ([], [new StandardProblem(new SourceLocation(path, 1, 1), "No such file or directory.")]);
        }

        foreach (var file in files)
        {
            try
            {
                sources.Add(new ScenarioSource(file, File.ReadAllText(file)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(new StandardProblem(new SourceLocation(file, 1, 1), $"Cannot read the file: {e.Message}"));
            }
        }

        return (sources, problems);
    }
}
