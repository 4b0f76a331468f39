using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ServiceCoach.Cli.Standards;
using ServiceCoach.Conversations;
using ServiceCoach.Quality;

namespace ServiceCoach.Cli.Quality;

/// <summary>
/// <c>servicecoach qa evaluate FILE... --labels LABELS [--standard FILE] [--scorecards] [--format text|json] [--fail-under BA]</c>:
/// how closely the standard's tags follow people's labels, per behaviour.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create(CliConsole console)
    {
        var files = new Argument<FileInfo[]>("files") { Arity = ArgumentArity.OneOrMore, Description = "会话文件，或 --scorecards 时的评分卡文件 Conversation files, or scorecard files with --scorecards" };
        var labelsOption = new Option<FileInfo>("--labels", "-l") { Required = true, Description = "人工标注（JSON Lines） Labelled behaviours, one JSON object per conversation" };
        var standardOption = new Option<FileInfo?>("--standard", "-s") { Description = "标准文件（默认内置 zh-CN 标准） Standard file (default: the shipped zh-CN standard)" };
        var scorecardsOption = new Option<bool>("--scorecards") { Description = "输入是 qa score --format json 的评分卡 The inputs are scorecards from 'qa score --format json'" };
        var formatOption = new Option<string>("--format", "-f") { Description = "输出格式 Output format", DefaultValueFactory = _ => "text" };
        formatOption.AcceptOnlyFromAmong("text", "json");
        var threadsOption = new Option<int>("--threads", "-t") { Description = "并行线程数 Scoring threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var failUnderOption = new Option<double?>("--fail-under") { Description = "任一行为的平衡准确率低于此值时退出码为 1 Exit with 1 when a behaviour's balanced accuracy is below this (0–1)" };

        var command = new Command("evaluate", "用人工标注衡量标准的行为识别 Measure the standard's behaviour tags against people's labels")
        {
            files, labelsOption, standardOption, scorecardsOption, formatOption, threadsOption, failUnderOption,
        };
        command.SetAction(parse => Run(
            console,
            parse.GetValue(files)!,
            parse.GetValue(labelsOption)!,
            parse.GetValue(standardOption),
            parse.GetValue(scorecardsOption),
            parse.GetValue(formatOption) == "json",
            Math.Clamp(parse.GetValue(threadsOption), 1, 256),
            parse.GetValue(failUnderOption)));
        return command;
    }

    private static int Run(CliConsole console, FileInfo[] files, FileInfo labelsFile, FileInfo? standardFile, bool scorecards, bool json, int threads, double? failUnder)
    {
        var loaded = StandardFiles.Load(standardFile);
        if (!loaded.Succeeded)
        {
            StandardCommands.WriteProblems(console, loaded.Problems, standardFile);
            return ExitCodes.BadInput;
        }

        var standard = loaded.Standard!;
        LabelFile labels;
        try
        {
            using var stream = labelsFile.OpenRead();
            labels = BehaviourEvaluation.ReadLabels(stream, labelsFile.Name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot read {labelsFile.FullName}: {e.Message}");
            return ExitCodes.BadInput;
        }

        var errors = new List<string>(labels.Errors.Select(e => e.ToString()));
        var detected = scorecards
            ? ReadScorecardTags(files, errors)
            : ScoreTags(files, standard, threads, errors);
        var tagIds = standard.TagDefinitions.Select(t => t.Id).ToArray();
        var result = BehaviourEvaluation.Compare(detected, labels.Labels, tagIds);

        foreach (var error in errors.Take(20))
        {
            console.Error.WriteLine(error);
        }

        if (errors.Count > 20)
        {
            console.Error.WriteLine($"… {errors.Count - 20} more problems");
        }

        if (json)
        {
            WriteJson(console.Out, result, standard.Id, standard.Version);
        }
        else
        {
            WriteText(console.Out, result, standard.Id, standard.Version);
        }

        if (errors.Count > 0)
        {
            return ExitCodes.BadInput;
        }

        return failUnder is { } threshold && result.Behaviours.Any(b => b.TagId is not null && b.BalancedAccuracy < threshold)
            ? ExitCodes.BelowThreshold
            : ExitCodes.Ok;
    }

    private static Dictionary<string, IReadOnlySet<string>> ScoreTags(FileInfo[] files, ServiceCoach.Standards.CompiledStandard standard, int threads, List<string> errors)
    {
        var detected = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        var pipeline = new ScoringPipeline(new QualityEngine(standard), threads, serializeJson: false);
        foreach (var batch in pipeline.Run(new InputFiles(files).Batches(pipeline.BatchSize)))
        {
            foreach (var (item, scorecard) in batch.Items)
            {
                if (scorecard is null)
                {
                    errors.Add(item.Error!.ToString());
                    continue;
                }

                detected[scorecard.ConversationId] = scorecard.Tags.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            }
        }

        return detected;
    }

    /// <summary>Only the conversation id and tag ids are read, so scorecards of any standard version can be compared.</summary>
    private static Dictionary<string, IReadOnlySet<string>> ReadScorecardTags(FileInfo[] files, List<string> errors)
    {
        var detected = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            IEnumerable<string> lines;
            try
            {
                lines = File.ReadLines(file.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"{file.Name}: cannot read the file: {e.Message}");
                continue;
            }

            var number = 0;
            foreach (var line in lines)
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                try
                {
                    using var document = JsonDocument.Parse(line);
                    var root = document.RootElement;
                    var id = root.GetProperty("conversationId").GetString()!;
                    detected[id] = root.TryGetProperty("tags", out var tags)
                        ? tags.EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal)
                        : new HashSet<string>();
                }
                catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    errors.Add(new ImportError(file.Name, number, null, null, "Not a scorecard line (expected an object with \"conversationId\" and \"tags\")").ToString());
                }
            }
        }

        return detected;
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    private static void WriteText(TextWriter output, BehaviourEvaluationResult result, string standardId, string version)
    {
        output.WriteLine($"Standard {standardId} {version}: {result.Labelled} labelled conversations of {result.Conversations} scored.");
        output.WriteLine();
        output.WriteLine($"{"behaviour",-20} {"tag",-20} {"TP",4} {"FP",4} {"FN",4} {"TN",4} {"precision",9} {"recall",7} {"balanced",8}");
        foreach (var row in result.Behaviours)
        {
            if (row.TagId is null)
            {
                output.WriteLine($"{row.Behaviour,-20} {"(no tag)",-20}");
                continue;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Behaviour,-20} {row.TagId,-20} {row.TruePositives,4} {row.FalsePositives,4} {row.FalseNegatives,4} {row.TrueNegatives,4} {Percent(row.Precision),9} {Percent(row.Recall),7} {Percent(row.BalancedAccuracy),8}"));
        }

        output.WriteLine();
        output.WriteLine($"mean balanced accuracy: {Percent(result.MeanBalancedAccuracy)}");
        foreach (var row in result.Behaviours.Where(r => r.TagId is not null && (r.Missed.Count > 0 || r.FalseAlarms.Count > 0)))
        {
            output.WriteLine();
            output.WriteLine($"{row.Behaviour}:");
            if (row.Missed.Count > 0)
            {
                output.WriteLine($"  labelled but not tagged ({row.Missed.Count}): {string.Join(' ', row.Missed)}");
            }

            if (row.FalseAlarms.Count > 0)
            {
                output.WriteLine($"  tagged but not labelled ({row.FalseAlarms.Count}): {string.Join(' ', row.FalseAlarms)}");
            }
        }

        if (result.LabelsWithoutConversation.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"labelled conversations not in the input ({result.LabelsWithoutConversation.Count}): {string.Join(' ', result.LabelsWithoutConversation.Take(50))}");
        }
    }

    private static void WriteJson(TextWriter output, BehaviourEvaluationResult result, string standardId, string version)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("standard");
            writer.WriteString("id", standardId);
            writer.WriteString("version", version);
            writer.WriteEndObject();
            writer.WriteNumber("conversations", result.Conversations);
            writer.WriteNumber("labelled", result.Labelled);
            WriteNullable(writer, "meanBalancedAccuracy", result.MeanBalancedAccuracy);
            writer.WriteStartArray("behaviours");
            foreach (var row in result.Behaviours)
            {
                writer.WriteStartObject();
                writer.WriteString("behaviour", row.Behaviour);
                if (row.TagId is null)
                {
                    writer.WriteNull("tag");
                }
                else
                {
                    writer.WriteString("tag", row.TagId);
                }

                writer.WriteNumber("truePositives", row.TruePositives);
                writer.WriteNumber("falsePositives", row.FalsePositives);
                writer.WriteNumber("falseNegatives", row.FalseNegatives);
                writer.WriteNumber("trueNegatives", row.TrueNegatives);
                WriteNullable(writer, "precision", row.Precision);
                WriteNullable(writer, "recall", row.Recall);
                WriteNullable(writer, "balancedAccuracy", row.BalancedAccuracy);
                WriteIds(writer, "missed", row.Missed);
                WriteIds(writer, "falseAlarms", row.FalseAlarms);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            WriteIds(writer, "unlabelledConversations", result.UnlabelledConversations);
            WriteIds(writer, "labelsWithoutConversation", result.LabelsWithoutConversation);
            writer.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, Math.Round(v, 4));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteIds(Utf8JsonWriter writer, string name, IReadOnlyList<string> ids)
    {
        writer.WriteStartArray(name);
        foreach (var id in ids)
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
    }
}
