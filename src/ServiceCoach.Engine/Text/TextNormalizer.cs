using System.Reflection;

namespace ServiceCoach.Text;

/// <summary>
/// Folds text so that matching treats traditional and simplified Chinese, full-width and
/// half-width forms, and upper and lower case alike.
/// </summary>
/// <remarks>
/// Every step maps one UTF-16 code unit to exactly one code unit, so the normalised text has the
/// same length as the original and an offset found in the normalised text is the same offset in
/// the original. Evidence spans therefore always point into the ORIGINAL text without a mapping
/// table. The traditional→simplified step is a character table (ICU's Traditional-Simplified,
/// corrected by OpenCC's dictionaries and its Taiwan and Hong Kong variants) followed by a short
/// list of phrases the character fold gets wrong (ICU writes 什么 as 甚麼, which folds to 甚么;
/// OpenCC writes 反复 as 反覆); see <see cref="ScriptPhrases"/>. Both are generated once
/// (tools/generate-script-tables.sh), which keeps scores identical on every host whatever ICU it has.
/// </remarks>
public static class TextNormalizer
{
    // Declared before Map: static initialisers run in text order and BuildMap reads the table.
    private static readonly Lazy<char[]> ScriptTable = new(LoadScriptTable);
    private static readonly char[] Map = BuildMap();
    private static readonly ScriptPhrases Phrases = ScriptPhrases.Load();

    /// <summary>Number of characters the traditional→simplified table changes.</summary>
    public static int ScriptMappingCount { get; private set; }

    public static char Normalize(char c) => Map[c];

    /// <summary>Writes the normalised form of <paramref name="source"/> into <paramref name="destination"/>, which must be at least as long.</summary>
    public static void Normalize(ReadOnlySpan<char> source, Span<char> destination)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException("The destination is shorter than the source.", nameof(destination));
        }

        var map = Map;
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = map[source[i]];
        }

        Phrases.Apply(source, destination[..source.Length], ScriptTable.Value);
    }

    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Create(text.Length, text, static (span, source) => Normalize(source, span));
    }

    /// <summary>The traditional→simplified step alone (characters, then phrases), without width or case folding.</summary>
    public static string ToSimplified(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Create(text.Length, text, static (span, source) =>
        {
            var script = ScriptTable.Value;
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = script[source[i]];
            }

            Phrases.Apply(source, span, script);
        });
    }

    /// <summary>Number of phrases the fold puts right after the character table.</summary>
    public static int ScriptPhraseCount => Phrases.Count;

    private static char[] BuildMap()
    {
        var script = ScriptTable.Value;
        var map = new char[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            var c = script[i];
            c = FoldWidth(c);
            c = char.ToLowerInvariant(c);
            map[i] = c;
        }

        return map;
    }

    private static char FoldWidth(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        '\u3000' => ' ',
        _ => c,
    };

    private static char[] LoadScriptTable()
    {
        var table = new char[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            table[i] = (char)i;
        }

        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ServiceCoach.Text.TraditionalToSimplified.txt")
            ?? throw new InvalidOperationException("The traditional→simplified table is missing from the engine assembly.");
        using var reader = new StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 2 && line[0] != '#')
            {
                table[line[0]] = line[1];
                count++;
            }
        }

        ScriptMappingCount = count;
        return table;
    }
}
