using ServiceCoach.Standards;

namespace ServiceCoach.Cli.Standards;

/// <summary>Reads a standard file for a command (the engine takes text, never paths).</summary>
internal static class StandardFiles
{
    /// <summary>The standard in <paramref name="file"/>, or the shipped default when null; a file that cannot be read is a problem, not an exception.</summary>
    public static StandardLoadResult Load(FileInfo? file)
    {
        if (file is null)
        {
            return StandardLoader.Load(ShippedStandards.DefaultYaml, ShippedStandards.DefaultFileName);
        }

        string text;
        try
        {
            text = File.ReadAllText(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new StandardLoadResult(null, null, [new StandardProblem(new SourceLocation(file.FullName, 1, 1), $"Cannot read the file: {e.Message}")]);
        }

        return StandardLoader.Load(text, file.FullName);
    }
}
