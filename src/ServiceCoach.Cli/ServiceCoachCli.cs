using System.CommandLine;
using ServiceCoach.Cli.Complaints;
using ServiceCoach.Cli.Conversations;
using ServiceCoach.Cli.Practice;
using ServiceCoach.Cli.Quality;
using ServiceCoach.Cli.Standards;
using ServiceCoach.Cli.Training;

namespace ServiceCoach.Cli;

/// <summary>Documented exit codes (README, docs/cli.md).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>--fail-under was given and a conversation scored below it.</summary>
    public const int BelowThreshold = 1;

    /// <summary>Bad input (a standard with problems, a rejected record, a missing file) or bad usage.</summary>
    public const int BadInput = 2;
}

/// <summary>The <c>servicecoach</c> command tree. Each command is a small class over one engine call.</summary>
internal static class ServiceCoachCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, bool stderrRedirected = true, Stream? stdoutStream = null, TextReader? stdin = null)
    {
        var console = new CliConsole(stdout, stderr, stderrRedirected, stdoutStream, stdin);
        var root = new RootCommand("ServiceCoach — 客服质检与培训 (customer-service quality inspection and training)")
        {
            Subcommands =
            {
                new Command("qa", "质检 Quality inspection") { Subcommands = { ScoreCommand.Create(console), EvaluateCommand.Create(console) } },
                new Command("standard", "服务标准 Service standard files") { Subcommands = { StandardCommands.Validate(console), StandardCommands.Show(console) } },
                new Command("conversations", "会话数据 Conversation files") { Subcommands = { ValidateConversationsCommand.Create(console) } },
                new Command("scenarios", "情景库 Practice scenarios") { Subcommands = { ScenarioCommands.Validate(console), ScenarioCommands.List(console) } },
                PracticeCommand.Create(console),
                QuestionCommands.Create(console),
                new Command("complaints", "投诉 Complaints") { Subcommands = { CompensateCommand.Create(console) } },
            },
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await stderr.WriteLineAsync($"error: {error.Message}");
            }

            await stderr.WriteLineAsync("Run 'servicecoach --help' (or add --help to a command) for usage.");
            return ExitCodes.BadInput;
        }

        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr };
        return await parsed.InvokeAsync(configuration);
    }
}
