using System.CommandLine;
using System.Globalization;
using System.Text;
using ServiceCoach.Training;

namespace ServiceCoach.Cli.Training;

/// <summary><c>servicecoach questions import|export</c>: question files in GIFT, Moodle XML and the neutral JSON schema.</summary>
internal static class QuestionCommands
{
    private const int MaxErrorsShown = 100;

    public static Command Create(CliConsole console) =>
        new("questions", "题库 Question banks (GIFT, Moodle XML, neutral JSON)") { Subcommands = { Import(console), Export(console) } };

    /// <summary>
    /// <c>questions import FILE [--format text|json|gift] [--out PATH] [--accept-utf16]</c>: reads a
    /// GIFT, Moodle XML or JSON file and prints what it holds; every error with its line and column.
    /// </summary>
    private static Command Import(CliConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "题目文件 Question file (.gift/.txt GIFT, .xml Moodle XML, .json neutral JSON)" };
        var format = new Option<string>("--format", "-f") { Description = "输出格式 Output: text (summary), json (neutral schema), gift", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "gift");
        var output = new Option<FileInfo?>("--out", "-o") { Description = "输出文件（默认标准输出） Output file (default: stdout)" };
        var utf16 = new Option<bool>("--accept-utf16") { Description = "接受 UTF-16 编码的 GIFT 文件（Moodle 只接受 UTF-8） Accept a UTF-16 GIFT file (Moodle accepts UTF-8 only)" };
        var command = new Command("import", "读取题目文件并检查，列出每个错误（行:列） Read a question file and report every error with line:column") { file, format, output, utf16 };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!TryReadAllBytes(console, path, out var bytes))
            {
                return ExitCodes.BadInput;
            }

            var result = QuestionFiles.Read(path.Name, bytes, new GiftReadOptions(parse.GetValue(utf16)));
            var text = parse.GetValue(format) switch
            {
                "json" => QuestionJson.WriteResult(result) + "\n",
                "gift" => GiftWriter.WriteFile(result.Questions),
                _ => null,
            };

            if (text is not null && !Write(console, parse.GetValue(output), text))
            {
                return ExitCodes.BadInput;
            }

            ReportProblems(console, path, result);
            var summary = string.Create(CultureInfo.InvariantCulture, $"{path.Name}: {result.QuestionCount} question(s), {result.Items.Count - result.QuestionCount} category switch(es), {result.Errors.Count} error(s)");
            (text is null ? console.Out : console.Error).WriteLine(result.FileError is null ? summary : $"{path.Name}: rejected");
            return result.FileError is null && result.Errors.Count == 0 ? ExitCodes.Ok : ExitCodes.BadInput;
        });
        return command;
    }

    /// <summary><c>questions export FILE [--format gift|json] [--out PATH]</c>: writes questions from JSON (or any readable file) as GIFT.</summary>
    private static Command Export(CliConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "题目文件 Question file (neutral JSON, or GIFT / Moodle XML)" };
        var format = new Option<string>("--format", "-f") { Description = "输出格式 Output format", DefaultValueFactory = _ => "gift" };
        format.AcceptOnlyFromAmong("gift", "json");
        var output = new Option<FileInfo?>("--out", "-o") { Description = "输出文件（默认标准输出） Output file (default: stdout)" };
        var command = new Command("export", "把题目写成 GIFT（与 Moodle 的导出逐字节一致） Write questions as GIFT, byte for byte as Moodle exports them") { file, format, output };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!TryReadAllBytes(console, path, out var bytes))
            {
                return ExitCodes.BadInput;
            }

            var result = QuestionFiles.Read(path.Name, bytes);
            ReportProblems(console, path, result);
            if (result.FileError is not null)
            {
                return ExitCodes.BadInput;
            }

            var text = parse.GetValue(format) == "json" ? QuestionJson.WriteResult(result) + "\n" : GiftWriter.WriteFile(result.Questions);
            if (!Write(console, parse.GetValue(output), text))
            {
                return ExitCodes.BadInput;
            }

            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.QuestionCount} question(s) exported"));
            return result.Errors.Count == 0 ? ExitCodes.Ok : ExitCodes.BadInput;
        });
        return command;
    }

    private static void ReportProblems(CliConsole console, FileInfo path, QuestionFileResult result)
    {
        if (result.FileError is { } fileError)
        {
            console.Error.WriteLine($"{path.Name}: {fileError}");
        }

        foreach (var error in result.Errors.Take(MaxErrorsShown))
        {
            console.Error.WriteLine(error.Line > 0 ? $"{path.Name}:{error.Line}:{error.Column}: {Describe(error)}" : $"{path.Name}: {Describe(error)}");
        }

        if (result.Errors.Count > MaxErrorsShown)
        {
            console.Error.WriteLine($"… {result.Errors.Count - MaxErrorsShown} more errors not shown");
        }
    }

    private static string Describe(QuestionImportError error)
    {
        var text = new StringBuilder(error.Message).Append(" [").Append(error.Code).Append(']');
        if (error.Detail is not null)
        {
            text.Append(" — ").Append(error.Detail);
        }

        if (error.Text is not null)
        {
            text.Append(" (").Append(error.Text).Append(')');
        }

        return text.ToString();
    }

    private static bool TryReadAllBytes(CliConsole console, FileInfo path, out byte[] bytes)
    {
        try
        {
            bytes = File.ReadAllBytes(path.FullName);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"{path}: cannot read the file: {e.Message}");
            bytes = [];
            return false;
        }
    }

    /// <summary>Writes to stdout, or to a temporary file moved into place at the end (never a half-written file).</summary>
    private static bool Write(CliConsole console, FileInfo? output, string text)
    {
        if (output is null)
        {
            console.Out.Write(text);
            return true;
        }

        var temporary = output.FullName + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            File.WriteAllText(temporary, text, new UTF8Encoding(false));
            File.Move(temporary, output.FullName, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            console.Error.WriteLine($"{output}: cannot write the file: {e.Message}");
            return false;
        }
    }
}
