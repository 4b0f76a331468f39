using System.Text;

namespace ServiceCoach.Conversations;

/// <summary>
/// What one conversation may hold, the same for every format and both databases (docs/security.md
/// lists them). A field outside these limits rejects its record with a located error; the rest of
/// the file is imported.
/// </summary>
public static class ConversationLimits
{
    /// <summary>Conversation ids: 1–200 characters (see <see cref="IdProblem"/> for the characters allowed).</summary>
    public const int MaxIdLength = 200;

    public const int MaxAgentIdLength = 64;

    public const int MaxTeamLength = 100;

    public const int MaxCustomerIdLength = 128;

    public const int MaxCustomerTierLength = 32;

    public const int MaxCategoryLength = 100;

    /// <summary>The latest a turn may start or end, counted from the start of the conversation: 366 days, in milliseconds.</summary>
    public const long MaxOffsetMs = 366L * 24 * 60 * 60 * 1000;

    /// <summary>All turns' text together, in characters: a JSON line may be 16 MB, and CSV and Contact Lens hold no more.</summary>
    public const int MaxTextCharacters = 16 * 1024 * 1024;

    /// <summary>
    /// Why <paramref name="value"/> cannot be stored as text, or null when it can: PostgreSQL cannot
    /// hold U+0000, and half of a surrogate pair is not text in any encoding.
    /// </summary>
    public static string? TextProblem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var span = value.AsSpan();
        var nul = span.IndexOf('\0');
        if (nul >= 0)
        {
            return $"holds the NUL character (U+0000) at character {nul + 1}, which cannot be stored";
        }

        for (var i = 0; i < span.Length; i++)
        {
            if (char.IsSurrogate(span[i]))
            {
                if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
                {
                    i++;
                    continue;
                }

                return $"holds half of a surrogate pair (\\u{(int)span[i]:X4}) at character {i + 1}, which is not text";
            }
        }

        return null;
    }

    /// <summary>
    /// Why <paramref name="id"/> cannot be a conversation id, or null when it can. Ids appear in
    /// URLs (<c>/conversations/{id}</c>), so they may not hold control characters, '/' or '\\', may
    /// not be "." or "..", and may not start or end with white space.
    /// </summary>
    public static string? IdProblem(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length > MaxIdLength)
        {
            return $"is {id.Length} characters long; at most {MaxIdLength} are allowed";
        }

        if (TextProblem(id) is { } text)
        {
            return text;
        }

        foreach (var rune in id.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || rune.Value is '/' or '\\')
            {
                return rune.Value is '/' or '\\'
                    ? $"holds '{(char)rune.Value}', which cannot be part of an id (ids appear in web addresses)"
                    : $"holds the control character U+{rune.Value:X4}, which cannot be part of an id";
            }
        }

        if (id is "." or "..")
        {
            return "cannot be \".\" or \"..\" (ids appear in web addresses)";
        }

        if (char.IsWhiteSpace(id[0]) || char.IsWhiteSpace(id[^1]))
        {
            return "starts or ends with white space";
        }

        return null;
    }

    /// <summary>Why a metadata field (agent, team, customer, category) cannot be stored, or null when it can.</summary>
    public static string? FieldProblem(string value, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > maxLength
            ? $"is {value.Length} characters long; at most {maxLength} are allowed"
            : TextProblem(value);
    }
}
