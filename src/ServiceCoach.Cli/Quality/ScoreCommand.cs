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
        var loaded = StandardFiles.Load(standardFile);
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
        Stream? stream;
        try
        {
            stream = temporary is null
                ? console.OutStream
                : new FileStream(temporary.FullName, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot write {outFile!.FullName}: {e.Message}");
            return ExitCodes.BadInput;
        }

        RunOutcome outcome;
        var output = new ReportOutput(format, stream, console.Out, standard);
        try
        {
            outcome = console.CanShowProgress && input.TotalBytes >= ProgressThresholdBytes
                ? WithProgress(console, input, () => Score(input, standard, output, threads, failUnder))
                : Score(input, standard, output, threads, failUnder);
            output.Flush();
        }
        finally
        {
            if (temporary is not null)
            {
                stream!.Dispose();
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

    private static RunOutcome Score(InputFiles input, CompiledStandard standard, ReportOutput output, int threads, decimal? failUnder)
    {
        var summary = new QualitySummary(standard);
        var rejected = new List<string>();
        var rejectedCount = 0;
        var below = 0;
        var pipeline = new ScoringPipeline(new QualityEngine(standard), threads, serializeJson: output.IsJson);

        output.Begin();
        foreach (var batch in pipeline.Run(input.Batches(pipeline.BatchSize)))
        {
            for (var i = 0; i < batch.Items.Length; i++)
            {
                var (item, scorecard) = batch.Items[i];
                if (scorecard is null)
                {
                    rejectedCount++;
                    if (rejected.Count < MaxRejectedKept)
                    {
                        rejected.Add(item.Error!.ToString());
                    }

                    continue;
                }

                var conversation = item.Conversation!;
                summary.Add(scorecard, conversation.AgentId);
                if (failUnder is { } threshold && scorecard.Score < threshold)
                {
                    below++;
                }

                output.Write(conversation, scorecard, batch.JsonOf(i));
            }
        }

        summary.Rejected = rejectedCount;
        output.Finish(summary, rejected);
        return new RunOutcome(summary, rejected, rejectedCount, below);
    }

    /// <summary>
    /// Where the report goes. JSON Lines are copied as bytes (serialised by the workers) to a
    /// stream; the human formats are written as text.
    /// </summary>
    private sealed class ReportOutput
    {
        private readonly Stream? _stream;
        private readonly TextWriter _text;
        private readonly QualityReport? _report;

        public ReportOutput(ReportFormat format, Stream? stream, TextWriter fallback, CompiledStandard standard)
        {
            IsJson = format == ReportFormat.Json;
            _stream = stream;
            _text = stream is null ? fallback : new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
            _report = IsJson ? null : QualityReport.Create(format, _text, standard);
        }

        public bool IsJson { get; }

        public void Begin() => _report?.Begin();

        public void Write(Conversation conversation, Scorecard scorecard, ReadOnlySpan<byte> json)
        {
            if (!IsJson)
            {
                _report!.WriteConversation(conversation, scorecard);
            }
            else if (_stream is not null)
            {
                _stream.Write(json);
            }
            else
            {
                _text.Write(Encoding.UTF8.GetString(json));
            }
        }

        public void Finish(QualitySummary summary, IReadOnlyList<string> rejected) => _report?.Finish(summary, rejected);

        public void Flush()
        {
            _text.Flush();
            _stream?.Flush();
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
