namespace ServiceCoach.Conversations;

/// <summary>
/// Rejects a conversation whose id already appeared earlier in the same source: the first
/// occurrence wins. Must see the items in source order.
/// </summary>
internal sealed class DuplicateIds(string sourceName)
{
    // Ids seen so far (a few dozen bytes each).
    private readonly Dictionary<string, int> _firstLineOfId = new(StringComparer.Ordinal);

    public ImportItem Check(ImportItem item, int line)
    {
        if (item.IsError)
        {
            return item;
        }

        var id = item.Conversation.Id;
        if (_firstLineOfId.TryGetValue(id, out var firstLine))
        {
            return new ImportItem(new ImportError(
                sourceName,
                line,
                null,
                id,
                $"id {ImportVocabulary.Quote(id)} was already used on line {firstLine}; every conversation needs its own id"));
        }

        _firstLineOfId.Add(id, line);
        return item;
    }
}
