using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ServiceCoach.Conversations;

namespace ServiceCoach.Cli.Conversations;

/// <summary>
/// <c>servicecoach conversations validate FILE...</c>: parses and validates only, and prints counts.
/// It is also the parse-only baseline the scoring throughput is compared with.
/// </summary>
internal static class ValidateConversationsCommand
{
    private const int MaxErrorsShown = 100;

    public static Command Create(CliConsole console)
    {
        var files = new Argument<FileInfo[]>("files") { Arity = ArgumentArity.OneOrMore, Description = "会话文件 Conversation files (.jsonl, .csv, Contact Lens .json)" };
        var command = new Command("validate", "只解析并校验会话文件，输出统计 Parse and validate conversation files, print counts") { files };
        command.SetAction(parse =>
        {
            var input = new InputFiles(parse.GetValue(files)!);
            var summary = new ImportSummary();
            var shown = 0;
            var clock = Stopwatch.StartNew();
            foreach (var item in input.ReadAll())
            {
                summary.Add(item);
                if (item.IsError && shown++ < MaxErrorsShown)
                {
                    console.Error.WriteLine(item.Error.ToString());
                }
            }

            clock.Stop();
            if (shown > MaxErrorsShown)
            {
                console.Error.WriteLine($"… {shown - MaxErrorsShown} more errors not shown");
            }

            var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{summary.Read} read, {summary.Imported} imported, {summary.Rejected} rejected, {summary.Turns} turns in {clock.Elapsed.TotalSeconds:0.000} s ({summary.Read / seconds:0} conversations/s)"));
            return summary.Rejected > 0 ? ExitCodes.BadInput : ExitCodes.Ok;
        });
        return command;
    }
}
