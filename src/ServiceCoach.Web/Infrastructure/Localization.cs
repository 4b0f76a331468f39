using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace ServiceCoach.Web;

/// <summary>
/// zh-CN first, English second: every label is written in both (<see cref="T"/>) and the cookie
/// set by /culture chooses. Chinese is the default whatever the browser says, because that is
/// who the product is for.
/// </summary>
public static class Localization
{
    public static RequestLocalizationOptions Options { get; } = Build();

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The label in the current language.</summary>
    public static string T(string chinese, string english) => IsEnglish ? english : chinese;

    private static RequestLocalizationOptions Build()
    {
        string[] cultures = ["zh-CN", "en"];
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture("zh-CN")
            .AddSupportedCultures(cultures)
            .AddSupportedUICultures(cultures);
        options.RequestCultureProviders = [new CookieRequestCultureProvider(), new QueryStringRequestCultureProvider()];
        return options;
    }
}
