using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ServiceCoach.Conversations;

/// <summary>
/// Why one line or record of an import source was not imported, phrased for the person who fixes
/// the file. Bad input is reported this way and skipped; the rest of the source is still imported.
/// </summary>
/// <param name="Source">The source name the reader was given (usually the file name).</param>
/// <param name="Line">
/// 1-based line of the problem. For CSV, the line where the offending row starts. 0 when the problem
/// concerns the whole source (a file that cannot be opened, an unknown format).
/// </param>
/// <param name="Column">
/// 1-based column as editors show it (counted in characters, not bytes, so Chinese text does not
/// shift it), when the format can tell (JSON); null otherwise.
/// </param>
/// <param name="RecordId">The conversation id, when it could be read before or despite the problem.</param>
/// <param name="Message">What is wrong and, where it helps, how to fix it.</param>
public sealed record ImportError(string Source, int Line, int? Column, string? RecordId, string Message)
{
    public override string ToString()
    {
        var text = new StringBuilder(Source);
        if (Line > 0)
        {
            text.Append(", line ").Append(Line);
            if (Column is { } column)
            {
                text.Append(", column ").Append(column);
            }
        }

        if (RecordId is not null)
        {
            text.Append(" (conversation ").Append(RecordId).Append(')');
        }

        return text.Append(": ").Append(Message).ToString();
    }
}

/// <summary>One result of a streaming import: either a conversation or the error that rejected a record.</summary>
public sealed record ImportItem
{
    public ImportItem(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        Conversation = conversation;
    }

    public ImportItem(ImportError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    public Conversation? Conversation { get; }

    public ImportError? Error { get; }

    /// <summary>The 1-based line where the conversation starts in its source (a JSON line, a CSV block's first row, a contact); 0 when unknown.</summary>
    public int Line { get; init; }

    [MemberNotNullWhen(true, nameof(Error))]
    [MemberNotNullWhen(false, nameof(Conversation))]
    public bool IsError => Error is not null;

    public override string ToString() => IsError ? Error.ToString() : $"conversation {Conversation.Id} ({Conversation.Turns.Count} turns)";
}

/// <summary>
/// Running counts of an import. <see cref="Read"/> counts records (a JSON line, a CSV conversation
/// block, a Contact Lens contact): each is either imported or rejected with exactly one error.
/// </summary>
public sealed class ImportSummary
{
    public int Read => Imported + Rejected;

    public int Imported { get; private set; }

    public int Rejected { get; private set; }

    /// <summary>Turns in the imported conversations.</summary>
    public long Turns { get; private set; }

    /// <summary>Counts every item of a finished import.</summary>
    public static ImportSummary Of(IEnumerable<ImportItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var summary = new ImportSummary();
        foreach (var item in items)
        {
            summary.Add(item);
        }

        return summary;
    }

    public void Add(ImportItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.IsError)
        {
            Rejected++;
        }
        else
        {
            Imported++;
            Turns += item.Conversation.Turns.Count;
        }
    }

    /// <summary>Passes the items through unchanged, counting them as they stream by (for progress bars).</summary>
    public IEnumerable<ImportItem> Track(IEnumerable<ImportItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return TrackIterator(items);
    }

    public override string ToString() => $"{Read} read, {Imported} imported, {Rejected} rejected";

    private IEnumerable<ImportItem> TrackIterator(IEnumerable<ImportItem> items)
    {
        foreach (var item in items)
        {
            Add(item);
            yield return item;
        }
    }
}
