using System.Collections.Frozen;

namespace ServiceCoach.Standards;

/// <summary>
/// Text a standard gives in more than one language. In the file a name or description is either
/// plain text or a mapping from language tag to text (<c>name: {zh-CN: 首句问候, en: Greeting}</c>);
/// the first entry is the default text (shown to readers of a language the file does not give).
/// </summary>
public static class StandardText
{
    /// <summary>No translations.</summary>
    public static IReadOnlyDictionary<string, string> None { get; } = FrozenDictionary<string, string>.Empty;

    /// <summary>
    /// The text for a reader of <paramref name="language"/> (a culture name such as <c>en</c>,
    /// <c>zh-CN</c>, <c>zh-Hant</c>): the translation with the same tag, else one of the same
    /// language and script (Chinese: zh-Hant, zh-TW, zh-HK and zh-MO are traditional, the rest
    /// simplified), else one of the same language, else <paramref name="text"/>, the default.
    /// </summary>
    /// <param name="translations">Every language the file gives, the default's included (empty for plain text).</param>
    public static string In(string text, IReadOnlyDictionary<string, string> translations, string language)
    {
        ArgumentNullException.ThrowIfNull(translations);
        ArgumentNullException.ThrowIfNull(language);
        if (translations.Count == 0)
        {
            return text;
        }

        var wanted = Language(language);
        var script = Script(language);
        string? sameLanguage = null;
        string? sameScript = null;
        foreach (var (tag, translation) in translations)
        {
            if (string.Equals(tag, language, StringComparison.OrdinalIgnoreCase))
            {
                return translation;
            }

            if (Language(tag) == wanted)
            {
                sameLanguage ??= translation;
                if (Script(tag) == script)
                {
                    sameScript ??= translation;
                }
            }
        }

        return sameScript ?? sameLanguage ?? text;
    }

    private static string Language(string tag)
    {
        var dash = tag.IndexOf('-', StringComparison.Ordinal);
        return (dash < 0 ? tag : tag[..dash]).ToLowerInvariant();
    }

    private static string Script(string tag)
    {
        if (Language(tag) != "zh")
        {
            return "";
        }

        var rest = tag.ToLowerInvariant();
        return rest.Contains("-hant", StringComparison.Ordinal) || rest.EndsWith("-tw", StringComparison.Ordinal)
            || rest.EndsWith("-hk", StringComparison.Ordinal) || rest.EndsWith("-mo", StringComparison.Ordinal) ? "hant" : "hans";
    }
}
