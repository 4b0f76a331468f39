using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ServiceCoach.Cli.Standards;
using ServiceCoach.Practice;

namespace ServiceCoach.Cli.Practice;

/// <summary><c>servicecoach scenarios validate PATH</c> and <c>servicecoach scenarios list</c>.</summary>
internal static class ScenarioCommands
{
    public static Command Validate(CliConsole console)
    {
        var path = new Argument<string>("path") { Description = "情景目录或文件 A scenario directory or file" };
        var standardOption = StandardOption();
        var command = new Command("validate", "检查情景文件，列出所有问题（文件:行:列） Check scenario files and list every problem with file:line:column")
        {
            path, standardOption,
        };
        command.SetAction(parse =>
        {
            if (!TryLoad(console, parse.GetValue(path), parse.GetValue(standardOption), out var library, out var problemCount))
            {
                return ExitCodes.BadInput;
            }

            if (problemCount > 0)
            {
                return ExitCodes.BadInput;
            }

            var byCategory = library!.Scenarios.GroupBy(s => s.Definition.Category).Select(g => $"{g.Key} {g.Count()}");
            var byDifficulty = library.Scenarios.GroupBy(s => s.Definition.Difficulty).OrderBy(g => g.Key).Select(g => $"{ScenarioCategories.DifficultyName(g.Key)} {g.Count()}");
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"OK {library.Scenarios.Count} scenario(s): {string.Join(", ", byCategory)}; {string.Join(", ", byDifficulty)}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command List(CliConsole console)
    {
        var dirOption = new Option<string?>("--dir", "-d") { Description = "情景目录（默认内置情景库） Scenario directory (default: the shipped library)" };
        var formatOption = new Option<string>("--format", "-f") { Description = "输出格式 Output format", DefaultValueFactory = _ => "text" };
        formatOption.AcceptOnlyFromAmong("text", "json");
        var standardOption = StandardOption();
        var command = new Command("list", "列出情景 List scenarios") { dirOption, formatOption, standardOption };
        command.SetAction(parse =>
        {
            if (!TryLoad(console, parse.GetValue(dirOption), parse.GetValue(standardOption), out var library, out var problemCount))
            {
                return ExitCodes.BadInput;
            }

            if (parse.GetValue(formatOption) == "json")
            {
                WriteJson(console.Out, library!);
            }
            else
            {
                foreach (var scenario in library!.Scenarios)
                {
                    var d = scenario.Definition;
                    console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{d.Id,-40} {ScenarioCategories.NameOf(d.Category),-8} {ScenarioCategories.DifficultyName(d.Difficulty)}  {d.Channel.ToString().ToLowerInvariant(),-5}  {d.Title}"));
                }
            }

            return problemCount > 0 ? ExitCodes.BadInput : ExitCodes.Ok;
        });
        return command;
    }

    internal static Option<FileInfo?> StandardOption() =>
        new("--standard", "-s") { Description = "标准文件（默认内置 zh-CN 标准） Standard file the customer listens with (default: the shipped zh-CN standard)" };

    /// <summary>Loads the standard and the scenarios, writing every problem to stderr; false when nothing can be used.</summary>
    internal static bool TryLoad(CliConsole console, string? path, FileInfo? standardFile, out ScenarioLibrary? library, out int problemCount)
    {
        library = null;
        problemCount = 0;
        var standard = StandardFiles.Load(standardFile);
        if (!standard.Succeeded)
        {
            StandardCommands.WriteProblems(console, standard.Problems, standardFile);
            return false;
        }

        var (sources, readProblems) = ScenarioFiles.Read(path);
        library = ScenarioLibrary.Load(sources, standard.Standard!);
        var problems = readProblems.Concat(library.Problems).ToArray();
        foreach (var problem in problems)
        {
            console.Error.WriteLine(problem.ToString());
        }

        if (problems.Length > 0)
        {
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{problems.Length} problem(s) in {path ?? "the shipped scenarios"}."));
        }

        problemCount = problems.Length;
        return sources.Count > 0 || readProblems.Count == 0;
    }

    private static void WriteJson(TextWriter output, ScenarioLibrary library)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var scenario in library.Scenarios)
            {
                var d = scenario.Definition;
                writer.WriteStartObject();
                writer.WriteString("id", d.Id);
                writer.WriteString("title", d.Title);
                writer.WriteString("category", d.Category);
                writer.WriteNumber("difficulty", d.Difficulty);
                writer.WriteString("channel", d.Channel.ToString().ToLowerInvariant());
                writer.WriteNumber("version", d.Version);
                writer.WriteString("added", d.Added.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
