using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Text;

namespace ServiceCoach.Quality;

/// <summary>
/// Full-text search over what was said. Both the stored text and the query go through the
/// scoring engine's <see cref="TextNormalizer"/>, so simplified and traditional characters,
/// full-width and half-width forms and letter case match alike on SQLite and PostgreSQL with a
/// plain substring test.
/// </summary>
public static class ConversationSearch
{
    /// <summary>Rows filled per round trip when stored text is brought up to date.</summary>
    private const int BatchSize = 200;

    /// <summary>The stored search text of a conversation: each turn's text folded, one turn a line (so a query never spans two turns).</summary>
    public static string TextOf(IEnumerable<string> turnTexts) => TextNormalizer.Normalize(string.Join('\n', turnTexts));

    /// <summary>A query folded the way <see cref="TextOf"/> folds the stored text.</summary>
    public static string Fold(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return TextNormalizer.Normalize(query.Trim());
    }

    /// <summary>
    /// Fills <see cref="ConversationRecord.SearchText"/> for conversations stored before it existed
    /// (the AddSearchText migration adds the column empty; the fold is C#, not SQL). Runs at start-up
    /// after the migrations; a no-op once every row has its text. Returns the number of rows filled.
    /// </summary>
    public static async Task<int> BackfillAsync(IDbContextFactory<ServiceCoachDbContext> factory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var filled = 0;
        var after = 0L;
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var batch = await db.Conversations
                .Where(c => c.Id > after && c.SearchText == "" && c.TurnCount > 0)
                .OrderBy(c => c.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return filled;
            }

            foreach (var record in batch)
            {
                record.SearchText = TextOf(record.ToConversation().Turns.Select(t => t.Text));
            }

            await db.SaveChangesAsync(cancellationToken);
            filled += batch.Count;
            after = batch[^1].Id;
        }
    }
}
