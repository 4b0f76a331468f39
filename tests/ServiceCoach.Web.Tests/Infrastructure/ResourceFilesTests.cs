using System.Globalization;
using System.Resources;
using System.Text;
using System.Text.RegularExpressions;

namespace ServiceCoach.Web.Tests.Infrastructure;

/// <summary>
/// The web project's interface text lives in Resources/SharedResource.*.resx, keyed by the simplified Chinese:
/// every key the code asks for has an English and a 繁體中文 entry, and no inline pair is left for
/// tools/localize.sh to convert.
/// </summary>
public sealed partial class ResourceFilesTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly CultureInfo Traditional = CultureInfo.GetCultureInfo("zh-Hant");

    [Fact]
    public void EveryKeyInTheCode_HasAnEnglishAndATraditionalEntry()
    {
        var keys = KeysInCode();
        Assert.True(keys.Count > 500, $"only {keys.Count} keys found: is the scan still reading the pages?");

        var english = Entries(English);
        var traditional = Entries(Traditional);
        var missing = keys.Where(k => !english.ContainsKey(k.Key)).Select(k => $"en: \"{k.Key}\" ({k.Value})")
            .Concat(keys.Where(k => !traditional.ContainsKey(k.Key)).Select(k => $"zh-Hant: \"{k.Key}\" ({k.Value})"))
            .ToList();
        Assert.True(missing.Count == 0, "Run tools/localize.sh, or add by hand:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void TheEnglishAndTraditionalFiles_HaveTheSameKeysWithTheSamePlaceholders()
    {
        var english = Entries(English);
        var traditional = Entries(Traditional);

        Assert.Equal(english.Keys.Order(StringComparer.Ordinal), traditional.Keys.Order(StringComparer.Ordinal));
        // 繁體中文 uses exactly the key's arguments; English may also use one that only it needs (the key's
        // arguments then an English-only one, such as a list joined with ", " rather than "、").
        var wrong = traditional.Where(e => !Placeholders(e.Key).SetEquals(Placeholders(e.Value)))
            .Concat(english.Where(e => !Placeholders(e.Value).All(p => Placeholders(e.Key).Contains(p)
                || int.Parse(p, CultureInfo.InvariantCulture) > Placeholders(e.Key).Select(k => int.Parse(k, CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Max())))
            .Select(e => $"\"{e.Key}\" -> \"{e.Value}\"")
            .ToList();
        Assert.True(wrong.Count == 0, "Placeholders differ from the key's:\n" + string.Join('\n', wrong));
    }

    [Fact]
    public void TheCode_HasNoInlinePairOrInterpolatedKeyLeft()
    {
        var left = new List<string>();
        foreach (var (file, text) in SourceFiles())
        {
            foreach (Match call in CallStart().Matches(text))
            {
                var at = call.Index + call.Length;
                at = SkipSpace(text, at);
                if (at < text.Length && text[at] == '$')
                {
                    left.Add($"{file}: interpolated key at {LineOf(text, at)}");
                    continue;
                }

                if (ReadLiteral(text, at) is not { } first)
                {
                    continue;
                }

                at = first.End;
                at = SkipSpace(text, at);
                if (at < text.Length && text[at] == ',')
                {
                    at++;
                    at = SkipSpace(text, at);
                    if (at < text.Length && (text[at] == '"' || text[at] == '$' || text[at] == '@'))
                    {
                        left.Add($"{file}: T(\"{first.Value}\", \"…\") at line {LineOf(text, at)}");
                    }
                }
            }
        }

        Assert.True(left.Count == 0, "Run tools/localize.sh:\n" + string.Join('\n', left));
    }

    [Fact]
    public void TheTraditionalEntries_AreTraditional()
    {
        var traditional = Entries(Traditional);

        Assert.Equal("會話與質檢", traditional["会话与质检"]);
        Assert.Equal("覆核佇列", traditional["复核队列"]);
        Assert.Equal("您沒有權限存取此頁面。", traditional["您没有权限访问此页面。"]);
        Assert.Contains(traditional, e => e.Value.Contains("帳號", StringComparison.Ordinal));
        Assert.DoesNotContain(traditional, e => e.Value.Contains("賬號", StringComparison.Ordinal) || e.Value.Contains("许可", StringComparison.Ordinal));
    }

    [Fact]
    public void T_FormatsWithTheCurrentCulture_AndShowsTheChineseOfAContextKey()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            Assert.Equal("共 2.5 条", Localization.T("共 {0} 条", 2.5));
            Assert.Equal("复核", Localization.T("复核@@reviewed by"));

            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = English;
            Assert.Equal("reviewed by", Localization.T("复核@@reviewed by"));
            Assert.Equal("Save", Localization.T("保存"));
            Assert.Equal("3 conversations", Localization.T("共 {0} 条", 3));

            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("共 2,5 条", Localization.T("共 {0} 条", 2.5));

            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-TW");
            Assert.Equal("儲存", Localization.T("保存"));
        }
        finally
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void AMissingKey_IsRecorded_NotSilentlyShown()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = English;
            var key = "这句话没有翻译 " + Guid.NewGuid();

            Assert.Equal(key, Localization.T(key));
            Assert.True(Localization.MissingKeys.TryRemove(key, out var culture));
            Assert.Equal("en", culture);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Theory]
    [InlineData("zh-TW", "zh-Hant")]
    [InlineData("zh-HK", "zh-Hant")]
    [InlineData("zh-MO", "zh-Hant")]
    [InlineData("zh-Hant-TW", "zh-Hant")]
    [InlineData("en-GB", "en")]
    [InlineData("zh-CN", "zh-CN")]
    [InlineData("zh-SG", "zh-CN")]
    [InlineData("fr", "zh-CN")]
    [InlineData(null, "zh-CN")]
    public void Normalize_MapsCultureNames_OntoTheThreeSupported(string? name, string expected) =>
        Assert.Equal(expected, Localization.Normalize(name));

    private static Dictionary<string, string> Entries(CultureInfo culture)
    {
        var set = Localization.Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No {culture.Name} resources were built.");
        return set.Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }

    private static HashSet<string> Placeholders(string text) =>
        [.. Placeholder().Matches(text).Select(m => m.Groups[1].Value)];

    /// <summary>Every key passed to T as a string literal, with the first file that uses it.</summary>
    private static Dictionary<string, string> KeysInCode()
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, text) in SourceFiles())
        {
            foreach (Match call in CallStart().Matches(text))
            {
                var at = call.Index + call.Length;
                at = SkipSpace(text, at);
                if (ReadLiteral(text, at) is { } literal)
                {
                    keys.TryAdd(literal.Value, file);
                }
            }
        }

        return keys;
    }

    private static IEnumerable<(string File, string Text)> SourceFiles()
    {
        var web = Path.Combine(Root(), "src", "ServiceCoach.Web");
        return Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(web, f), File.ReadAllText(f)));
    }

    /// <summary>A regular or verbatim C# string literal at <paramref name="at"/>, unescaped.</summary>
    private static (string Value, int End)? ReadLiteral(string text, int at)
    {
        var verbatim = at < text.Length && text[at] == '@';
        at += verbatim ? 1 : 0;
        if (at >= text.Length || text[at] != '"')
        {
            return null;
        }

        var value = new StringBuilder();
        for (var i = at + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                if (verbatim && i + 1 < text.Length && text[i + 1] == '"') { value.Append('"'); i++; continue; }
                return (value.ToString(), i + 1);
            }

            if (!verbatim && c == '\\')
            {
                var e = text[++i];
                switch (e)
                {
                    case 'n': value.Append('\n'); break;
                    case 't': value.Append('\t'); break;
                    case 'r': value.Append('\r'); break;
                    case 'u': value.Append((char)Convert.ToInt32(text.Substring(i + 1, 4), 16)); i += 4; break;
                    default: value.Append(e); break;
                }

                continue;
            }

            if (c == '\n' && !verbatim)
            {
                return null;
            }

            value.Append(c);
        }

        return null;
    }

    private static int SkipSpace(string text, int at)
    {
        while (at < text.Length && char.IsWhiteSpace(text[at]))
        {
            at++;
        }

        return at;
    }

    private static int LineOf(string text, int at) => text.AsSpan(0, at).Count('\n') + 1;

    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ServiceCoach.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Tests must run inside the repository (ServiceCoach.slnx not found above " + AppContext.BaseDirectory + ").");
    }

    [GeneratedRegex(@"(?<![\w.])(?:Localization\.)?T\(")]
    private static partial Regex CallStart();

    [GeneratedRegex(@"(?<!\{)\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();
}
