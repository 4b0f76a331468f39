using Spectre.Console;

namespace ServiceCoach.Cli;

/// <summary>
/// Where commands write: results to stdout, diagnostics and the progress bar to stderr, so
/// `servicecoach qa score … --format json > out.jsonl` stays clean.
/// </summary>
internal sealed class CliConsole(TextWriter stdout, TextWriter stderr, bool stderrRedirected, Stream? stdoutStream = null, TextReader? stdin = null)
{
    /// <summary>Where interactive commands (practice) read the learner's lines; empty when there is no input.</summary>
    public TextReader In { get; } = stdin ?? TextReader.Null;

    public TextWriter Out { get; } = stdout;

    /// <summary>The raw standard output, when there is one: JSON Lines are written to it as bytes.</summary>
    public Stream? OutStream { get; } = stdoutStream;

    public TextWriter Error { get; } = stderr;

    /// <summary>A progress bar is drawn only when a person is watching stderr.</summary>
    public bool CanShowProgress { get; } = !stderrRedirected && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public IAnsiConsole CreateProgressConsole() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Error),
        Ansi = AnsiSupport.Detect,
        ColorSystem = ColorSystemSupport.Detect,
    });
}
