using System.CommandLine;
using System.Globalization;
using ServiceCoach.Standards;

namespace ServiceCoach.Cli.Standards;

/// <summary><c>servicecoach standard validate|show</c>.</summary>
internal static class StandardCommands
{
    public static Command Validate(CliConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "标准文件 The standard YAML file" };
        var command = new Command("validate", "检查标准文件，列出所有问题（文件:行:列） Check a standard file and list every problem with file:line:column") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var result = StandardFiles.Load(path);
            if (!result.Succeeded)
            {
                WriteProblems(console, result.Problems, path);
                return ExitCodes.BadInput;
            }

            var standard = result.Standard!;
            var definition = standard.Definition;
            console.Out.WriteLine($"OK {path.Name}: {standard.Name} ({standard.Id} {standard.Version}) — " +
                $"{definition.Scorecard.Checks.Count} checks, {definition.Conditions.Count} conditions, " +
                $"{definition.Lexicons.Count} lexicons ({standard.PatternCount} phrases), {definition.Flows.Count} flows");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Show(CliConsole console)
    {
        var file = new Argument<FileInfo?>("file") { Description = "标准文件（默认为内置标准） The standard YAML file (default: the shipped zh-CN standard)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("show", "以易读的方式显示标准 Show a standard in readable form") { file };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file);
            var result = StandardFiles.Load(path);
            if (!result.Succeeded)
            {
                WriteProblems(console, result.Problems, path);
                return ExitCodes.BadInput;
            }

            StandardPrinter.Print(result.Standard!, console.Out);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static void WriteProblems(CliConsole console, IReadOnlyList<StandardProblem> problems, FileInfo? path)
    {
        foreach (var problem in problems)
        {
            console.Error.WriteLine(problem.ToString());
        }

        console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{problems.Count} problem(s) in {path?.Name ?? "the standard"}."));
    }
}
