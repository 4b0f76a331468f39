using System.Collections.Concurrent;
using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ServiceCoach.Web;

/// <summary>
/// The interface text. The key of every label is its simplified-Chinese text (<c>T("保存")</c>), the default
/// language; Resources/SharedResource.en.resx and SharedResource.zh-Hant.resx translate it (docs/localization.md,
/// tools/localize.sh). The cookie set by /culture chooses; a browser that asks for Taiwan, Hong Kong or Macau
/// Chinese gets 繁體中文; everyone else gets simplified Chinese whatever the browser says, because that is who
/// the product is for.
/// </summary>
public static class Localization
{
    /// <summary>Separates a key's Chinese from its context when one Chinese text has two translations
    /// (<c>"复核@@reviewed by"</c>), as gettext's msgctxt does; simplified Chinese shows the part before it.</summary>
    public const string ContextSeparator = "@@";

    public static readonly string[] Cultures = ["zh-CN", "zh-Hant", "en"];

    public static RequestLocalizationOptions Options { get; } = Build();

    /// <summary>The resources behind <see cref="T"/>; IStringLocalizer&lt;SharedResource&gt; reads the same ones.</summary>
    public static ResourceManager Resources { get; } = new("ServiceCoach.Web.Resources.SharedResource", typeof(Localization).Assembly);

    /// <summary>Keys asked for in English or 繁體中文 that the resource files lack (shown in simplified Chinese);
    /// tests assert it stays empty.</summary>
    public static ConcurrentDictionary<string, string> MissingKeys { get; } = new();

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static bool IsTraditional => IsTraditionalName(CultureInfo.CurrentUICulture.Name);

    /// <summary>The label in the current language; with arguments, a composite format string
    /// (<c>T("共 {0} 条", n)</c>) formatted with the current culture.</summary>
    public static string T(string key, params object?[] args)
    {
        var culture = CultureInfo.CurrentUICulture;
        var text = IsSimplified(culture) ? null : Resources.GetString(key, culture);
        if (text is null)
        {
            if (IsEnglish || IsTraditional)
            {
                MissingKeys.TryAdd(key, culture.Name);
            }

            var context = key.IndexOf(ContextSeparator, StringComparison.Ordinal);
            text = context < 0 ? key : key[..context];
        }

        return args.Length == 0 ? text : string.Format(CultureInfo.CurrentCulture, text, args);
    }

    /// <summary>A pair that arrives as data (an error the app library describes in both languages), not a label:
    /// English in English, the Chinese otherwise.</summary>
    public static string Pick(string chinese, string english) => IsEnglish ? english : chinese;

    /// <summary>The supported culture for a name from a cookie or a query: zh-TW, zh-HK, zh-MO and zh-Hant* are
    /// 繁體中文, en* English, anything else simplified Chinese.</summary>
    public static string Normalize(string? name) =>
        IsTraditionalName(name) ? "zh-Hant"
        : name is not null && (name == "en" || name.StartsWith("en-", StringComparison.OrdinalIgnoreCase)) ? "en"
        : "zh-CN";

    private static bool IsSimplified(CultureInfo culture) => culture.TwoLetterISOLanguageName == "zh" && !IsTraditionalName(culture.Name);

    private static bool IsTraditionalName(string? name) =>
        name is not null && (name.StartsWith("zh-Hant", StringComparison.OrdinalIgnoreCase)
            || name.Equals("zh-TW", StringComparison.OrdinalIgnoreCase)
            || name.Equals("zh-HK", StringComparison.OrdinalIgnoreCase)
            || name.Equals("zh-MO", StringComparison.OrdinalIgnoreCase));

    private static RequestLocalizationOptions Build()
    {
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture("zh-CN")
            .AddSupportedCultures(Cultures)
            .AddSupportedUICultures(Cultures);
        options.RequestCultureProviders =
        [
            new NormalizingProvider(new CookieRequestCultureProvider()),
            new NormalizingProvider(new QueryStringRequestCultureProvider()),
            new CustomRequestCultureProvider(context => Task.FromResult(TraditionalBrowser(context))),
        ];
        return options;
    }

    /// <summary>zh-Hant for a browser whose first language is Taiwan, Hong Kong or Macau Chinese; nothing otherwise.</summary>
    private static ProviderCultureResult? TraditionalBrowser(HttpContext context)
    {
        var header = context.Request.GetTypedHeaders().AcceptLanguage;
        var first = header.Where(h => h.Quality is not <= 0).OrderByDescending(h => h.Quality ?? 1).FirstOrDefault();
        return first is not null && IsTraditionalName(first.Value.Value) ? new ProviderCultureResult("zh-Hant") : null;
    }

    /// <summary>Maps what another provider read (a cookie saying zh-TW) onto a supported culture.</summary>
    private sealed class NormalizingProvider(RequestCultureProvider inner) : RequestCultureProvider
    {
        public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
        {
            var result = await inner.DetermineProviderCultureResult(httpContext);
            if (result is null || result.UICultures.Count == 0)
            {
                return result;
            }

            var culture = Normalize(result.UICultures[0].Value);
            return new ProviderCultureResult(new StringSegment(culture), new StringSegment(culture));
        }
    }
}

/// <summary>The marker type of the web project's resources (Resources/SharedResource.*.resx), for IStringLocalizer&lt;SharedResource&gt;.</summary>
public sealed class SharedResource;
