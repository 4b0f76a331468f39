using System.CommandLine;
using System.Globalization;
using System.Text;
using ServiceCoach.Cli.Standards;
using ServiceCoach.Conversations;
using ServiceCoach.Quality;
using ServiceCoach.Quality.Reports;
using ServiceCoach.Standards;
using Spectre.Console;

namespace ServiceCoach.Cli.Quality;

/// <summary>
/// <c>servicecoach qa score FILE... [--standard FILE] [--format text|json|md|html] [--out PATH] [--threads N] [--fail-under SCORE]</c>.
/// </summary>
internal static class ScoreCommand
{
    private const int MaxRejectedKept = 1000;

    /// <summary>Below this much input a progress bar would only flicker.</summary>
    private const long ProgressThresholdBytes = 2 * 1024 * 1024;

    public static Command Create(CliConsole console)
    {
        var files = new Argument<FileInfo[]>("files") { Arity = ArgumentArity.OneOrMore, Description = "会话文件 Conversation files (.jsonl, .csv, Contact Lens .json)" };
        var standardOption = new Option<FileInfo?>("--standard", "-s") { Description = "标准文件（默认内置 zh-CN 标准） Standard file (default: the shipped zh-CN standard)" };
        var formatOption = new Option<string>("--format", "-f") { Description = "输出格式 Output format", DefaultValueFactory = _ => "text" };
        formatOption.AcceptOnlyFromAmong("text", "json", "md", "html");
        var outOption = new Option<FileInfo?>("--out", "-o") { Description = "输出文件（默认标准输出） Output file (default: stdout)" };
        var threadsOption = new Option<int>("--threads", "-t") { Description = "并行线程数 Scoring threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        threadsOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 256)
            {
                result.AddError("--threads must be between 1 and 256.");
            }
        });
        var failUnderOption = new Option<decimal?>("--fail-under") { Description = "任一会话低于此分数时退出码为 1 Exit with 1 when any conversation scores below this" };

        var command = new Command("score", "按服务标准为会话评分 Score conversations against a service standard")
        {
            files, standardOption, formatOption, outOption, threadsOption, failUnderOption,
        };
        command.SetAction(parse => Run(
            console,
            parse.GetValue(files)!,
            parse.GetValue(standardOption),
            ParseFormat(parse.GetValue(formatOption)!),
            parse.GetValue(outOption),
            parse.GetValue(threadsOption),
            parse.GetValue(failUnderOption)));
        return command;
    }

    private static ReportFormat ParseFormat(string format) => format switch
    {
        "json" => ReportFormat.Json,
        "md" => ReportFormat.Markdown,
        "html" => ReportFormat.Html,
        _ => ReportFormat.Text,
    };

    private static int Run(CliConsole console, FileInfo[] files, FileInfo? standardFile, ReportFormat format, FileInfo? outFile, int threads, decimal? failUnder)
    {
        var loaded = standardFile is null
            ? StandardLoader.Load(ShippedStandards.DefaultYaml, ShippedStandards.DefaultFileName)
            : StandardLoader.LoadFile(standardFile.FullName);
        if (!loaded.Succeeded)
        {
            StandardCommands.WriteProblems(console, loaded.Problems, standardFile);
            return ExitCodes.BadInput;
        }

        var standard = loaded.Standard!;
        var input = new InputFiles(files);

        // Write to a temporary file and move it into place at the end, so a crash or Ctrl+C never
        // leaves a half-written report under the requested name.
        var temporary = outFile is null ? null : new FileInfo(outFile.FullName + ".partial");
        TextWriter writer;
        try
        {
            writer = temporary is null
                ? console.Out
                : new StreamWriter(temporary.FullName, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot write {outFile!.FullName}: {e.Message}");
            return ExitCodes.BadInput;
        }

        RunOutcome outcome;
        try
        {
            var report = QualityReport.Create(format, writer, standard);
            outcome = console.CanShowProgress && input.TotalBytes >= ProgressThresholdBytes
                ? WithProgress(console, input, () => Score(input, standard, report, threads, failUnder))
                : Score(input, standard, report, threads, failUnder);
            writer.Flush();
        }
        finally
        {
            if (temporary is not null)
            {
                writer.Dispose();
            }
        }

        if (temporary is not null)
        {
            temporary.MoveTo(outFile!.FullName, overwrite: true);
        }

        foreach (var error in outcome.Rejected.Take(20))
        {
            console.Error.WriteLine(error);
        }

        if (outcome.Rejected.Count > 20)
        {
            console.Error.WriteLine($"… {outcome.Rejected.Count - 20} more rejected records (listed in the report)");
        }

        var summary = outcome.Summary;
        var written = outFile is null ? "" : $"; report written to {outFile.FullName}";
        console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{summary.Conversations + outcome.RejectedCount} read, {summary.Conversations} scored, {outcome.RejectedCount} rejected; average score {summary.AverageScore:0.0}, fatal {summary.FatalCount}{written}"));

        if (outcome.RejectedCount > 0)
        {
            return ExitCodes.BadInput;
        }

        if (outcome.BelowThreshold > 0)
        {
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outcome.BelowThreshold} conversation(s) scored below {failUnder}."));
            return ExitCodes.BelowThreshold;
        }

        return ExitCodes.Ok;
    }

    private sealed record RunOutcome(QualitySummary Summary, List<string> Rejected, int RejectedCount, int BelowThreshold);

    private sealed record Scored(ImportItem Item, Scorecard? Scorecard, byte[]? Json);

    private static RunOutcome Score(InputFiles input, CompiledStandard standard, QualityReport report, int threads, decimal? failUnder)
    {
        var engine = new QualityEngine(standard);
        var summary = new QualitySummary(standard);
        var rejected = new List<string>();
        var rejectedCount = 0;
        var below = 0;
        var preformat = report.WantsPreformattedJson;

        report.Begin();
        var results = BatchScoring.Map(input.ReadAll(), item => ScoreOne(engine, item, preformat), threads);
        foreach (var result in results)
        {
            if (result.Item.IsError)
            {
                rejectedCount++;
                if (rejected.Count < MaxRejectedKept)
                {
                    rejected.Add(result.Item.Error.ToString());
                }

                continue;
            }

            var conversation = result.Item.Conversation;
            var scorecard = result.Scorecard!;
            summary.Add(scorecard, conversation.AgentId);
            if (failUnder is { } threshold && scorecard.Score < threshold)
            {
                below++;
            }

            if (result.Json is not null)
            {
                report.WritePreformatted(conversation, scorecard, result.Json);
            }
            else
            {
                report.WriteConversation(conversation, scorecard);
            }
        }

        summary.Rejected = rejectedCount;
        report.Finish(summary, rejected);
        return new RunOutcome(summary, rejected, rejectedCount, below);
    }

    private static Scored ScoreOne(QualityEngine engine, ImportItem item, bool preformat)
    {
        if (item.IsError)
        {
            return new Scored(item, null, null);
        }

        try
        {
            var scorecard = engine.Score(item.Conversation);
            return new Scored(item, scorecard, preformat ? Encoding.UTF8.GetBytes(ScorecardJson.ToJson(scorecard)) : null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An engine defect must not cost the rest of the run: report this conversation and go on.
            var error = new ImportError("engine", 0, null, item.Conversation.Id, $"internal error while scoring ({e.GetType().Name}: {e.Message}); please report it");
            return new Scored(new ImportItem(error), null, null);
        }
    }

    private static RunOutcome WithProgress(CliConsole console, InputFiles input, Func<RunOutcome> work)
    {
        RunOutcome? outcome = null;
        console.CreateProgressConsole().Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("质检评分 scoring", maxValue: Math.Max(1, input.TotalBytes));
                var worker = Task.Run(work);
                while (!worker.Wait(200))
                {
                    task.Value = input.BytesRead;
                }

                task.Value = task.MaxValue;
                outcome = worker.GetAwaiter().GetResult();
            });
        return outcome!;
    }
}
