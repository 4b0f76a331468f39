using System.Text;

namespace ServiceCoach.Training;

/// <summary>The question file formats ServiceCoach reads.</summary>
public enum QuestionFileFormat
{
    Gift,
    MoodleXml,

    /// <summary>The neutral JSON schema (docs/training.md).</summary>
    Json,
}

/// <summary>Reads a question file in whichever format it is, told by its extension or, failing that, its first character.</summary>
public static class QuestionFiles
{
    public static QuestionFileFormat Detect(string fileName, ReadOnlySpan<byte> bytes)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        switch (extension)
        {
            case ".xml":
                return QuestionFileFormat.MoodleXml;
            case ".json":
                return QuestionFileFormat.Json;
            case ".gift" or ".txt":
                return QuestionFileFormat.Gift;
        }

        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        bytes = bytes.TrimStart(" \t\r\n"u8);
        return bytes.IsEmpty ? QuestionFileFormat.Gift : bytes[0] switch
        {
            (byte)'<' => QuestionFileFormat.MoodleXml,
            (byte)'{' when bytes.Length > 1 && bytes.TrimStart("{ \t\r\n"u8) is { IsEmpty: false } rest && rest[0] == (byte)'"' => QuestionFileFormat.Json,
            _ => QuestionFileFormat.Gift,
        };
    }

    public static QuestionFileResult Read(string fileName, byte[] bytes, GiftReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(bytes);
        return Read(Detect(fileName, bytes), bytes, options);
    }

    public static QuestionFileResult Read(QuestionFileFormat format, byte[] bytes, GiftReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return format switch
        {
            QuestionFileFormat.MoodleXml => MoodleXmlReader.Read(new MemoryStream(bytes, writable: false)),
            QuestionFileFormat.Json => QuestionJson.Read(new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF')),
            _ => GiftReader.ReadFile(bytes, options),
        };
    }
}
