namespace ServiceCoach.Standards;

/// <summary>A place in a source file. Line and column are 1-based, as editors show them.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>Something wrong with a standard file, phrased for the person who edits it.</summary>
public sealed record StandardProblem(SourceLocation Location, string Message)
{
    public override string ToString() => $"{Location}: {Message}";
}

/// <summary>Thrown only by convenience APIs that cannot return problems as values.</summary>
public sealed class StandardLoadException(IReadOnlyList<StandardProblem> problems)
    : Exception(FormatMessage(problems))
{
    public IReadOnlyList<StandardProblem> Problems { get; } = problems;

    private static string FormatMessage(IReadOnlyList<StandardProblem> problems) =>
        "The standard has problems:" + Environment.NewLine + string.Join(Environment.NewLine, problems);
}

internal sealed class ProblemCollector(string file)
{
    private readonly List<StandardProblem> _problems = [];

    public string File { get; } = file;

    public IReadOnlyList<StandardProblem> Problems => _problems;

    public bool HasProblems => _problems.Count > 0;

    public void Add(SourceLocation location, string message) => _problems.Add(new StandardProblem(location, message));

    public void Add(int line, int column, string message) => Add(new SourceLocation(File, line, column), message);
}
