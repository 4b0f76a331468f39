using System.CommandLine;
using System.Globalization;
using ServiceCoach.Practice;

namespace ServiceCoach.Cli.Practice;

/// <summary>
/// <c>servicecoach practice SCENARIO [--replies FILE] [--format text|json] [--seed N] [--scenarios DIR] [--standard FILE]</c>:
/// a role-play with the virtual customer, interactive or from a file of replies.
/// </summary>
internal static class PracticeCommand
{
    public const string QuitCommand = "/quit";

    public static Command Create(CliConsole console)
    {
        var scenarioArgument = new Argument<string>("scenario") { Description = "情景 id 或情景文件 A scenario id or a scenario file" };
        var repliesOption = new Option<FileInfo?>("--replies", "-r") { Description = "回复文件，每行一条（不交互） A file with one learner reply per line (non-interactive)" };
        var formatOption = new Option<string>("--format", "-f") { Description = "结果格式 Result format", DefaultValueFactory = _ => "text" };
        formatOption.AcceptOnlyFromAmong("text", "json");
        var exampleOption = new Option<string?>("--example") { Description = "播放情景自带的示范回复（good 或 bad） Play the scenario's own good or bad example replies" };
        exampleOption.AcceptOnlyFromAmong("good", "bad");
        var seedOption = new Option<int>("--seed") { Description = "客户台词变化的种子 Seed for the customer's line variants", DefaultValueFactory = _ => 0 };
        var scenariosOption = new Option<string?>("--scenarios") { Description = "情景目录（默认内置情景库） Scenario directory (default: the shipped library)" };
        var standardOption = ScenarioCommands.StandardOption();
        var command = new Command("practice", "与虚拟客户进行情景演练 Role-play a scenario with the virtual customer")
        {
            scenarioArgument, repliesOption, exampleOption, formatOption, seedOption, scenariosOption, standardOption,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(repliesOption) is not null && result.GetValue(exampleOption) is not null)
            {
                result.AddError("Give --replies or --example, not both.");
            }
        });
        command.SetAction(parse => Run(
            console,
            parse.GetValue(scenarioArgument)!,
            parse.GetValue(repliesOption),
            parse.GetValue(exampleOption),
            parse.GetValue(formatOption) == "json",
            parse.GetValue(seedOption),
            parse.GetValue(scenariosOption),
            parse.GetValue(standardOption)));
        return command;
    }

    private static int Run(CliConsole console, string scenarioName, FileInfo? repliesFile, string? example, bool json, int seed, string? scenariosDir, FileInfo? standardFile)
    {
        var isFile = File.Exists(scenarioName);
        if (!ScenarioCommands.TryLoad(console, isFile ? scenarioName : scenariosDir, standardFile, out var library, out var problemCount) || (isFile && problemCount > 0))
        {
            return ExitCodes.BadInput;
        }

        var scenario = isFile ? (library!.Scenarios.Count > 0 ? library.Scenarios[0] : null) : library!.Find(scenarioName);
        if (scenario is null)
        {
            console.Error.WriteLine($"error: no scenario '{scenarioName}'. Run 'servicecoach scenarios list' to see the ids.");
            return ExitCodes.BadInput;
        }

        string[]? replies = null;
        if (repliesFile is not null)
        {
            try
            {
                replies = [.. File.ReadAllLines(repliesFile.FullName).Where(l => !string.IsNullOrWhiteSpace(l))];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.Error.WriteLine($"{repliesFile.FullName}:1:1: Cannot read the file: {e.Message}");
                return ExitCodes.BadInput;
            }
        }

        if (example is not null)
        {
            replies = [.. example == "good" ? scenario.Definition.Examples.Good : scenario.Definition.Examples.Bad];
        }

        var session = PracticeSession.Start(scenario, new PracticeOptions { Seed = seed, ConversationId = $"practice-{scenario.Id}" });
        var result = replies is not null ? PlayFile(session, replies) : PlayInteractively(console, session, json);
        if (json)
        {
            console.Out.WriteLine(PracticeJson.ToJson(result, scenario));
        }
        else
        {
            PracticeText.WriteResult(console.Out, result, scenario);
        }

        return ExitCodes.Ok;
    }

    private static PracticeResult PlayFile(PracticeSession session, string[] replies)
    {
        foreach (var reply in replies)
        {
            if (session.IsOver)
            {
                break;
            }

            session.Reply(reply);
        }

        return session.Finish();
    }

    /// <summary>The conversation goes to stderr when the result is JSON, so stdout stays one JSON object.</summary>
    private static PracticeResult PlayInteractively(CliConsole console, PracticeSession session, bool json)
    {
        var talk = json ? console.Error : console.Out;
        PracticeText.WriteCard(talk, session.Scenario);
        talk.WriteLine($"（输入你的回复后回车；输入 {QuitCommand} 结束。Type your reply and press Enter; {QuitCommand} ends.）");
        talk.WriteLine();
        talk.WriteLine(PracticeText.CustomerLine(session.Scenario, session.Transcript.Turns[0].Text, session.Emotion));
        while (!session.IsOver)
        {
            talk.Write("客服> ");
            talk.Flush();
            var line = console.In.ReadLine();
            if (line is null || line.Trim() == QuitCommand)
            {
                break;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var turn = session.Reply(line);
            talk.WriteLine(PracticeText.CustomerLine(session.Scenario, turn.Line, turn.Reaction.Emotion));
        }

        talk.WriteLine();
        talk.WriteLine(string.Create(CultureInfo.InvariantCulture, $"—— 结束：{PracticeOutcomes.ChineseName(session.Outcome ?? PracticeOutcome.TurnLimit)} ——"));
        return session.Finish();
    }
}
