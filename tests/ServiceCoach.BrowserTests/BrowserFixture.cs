using Microsoft.Playwright;
using ServiceCoach.Data;
using ServiceCoach.Web.Tests.Infrastructure;

namespace ServiceCoach.BrowserTests;

/// <summary>
/// The real application on a real Kestrel port (SQLite, demo data, scoring worker on) and Debian's
/// Chromium driven by Playwright. Never downloads a browser: SERVICECOACH_CHROMIUM (CI sets it) or
/// /usr/bin/chromium; without one the browser tests are skipped with a message (and fail when CI=true).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public ServiceCoachApp App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public static string? ChromiumPath =>
        Environment.GetEnvironmentVariable("SERVICECOACH_CHROMIUM") is { Length: > 0 } configured ? configured
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;

    public async ValueTask InitializeAsync()
    {
        if (ChromiumPath is null)
        {
            return;
        }

        App = await ServiceCoachApp.StartOnKestrelAsync(DatabaseProvider.Sqlite);
        BaseUrl = App.ServerAddress;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>A fresh browser context (own cookies) signed in as <paramref name="userName"/>.</summary>
    public Task<IPage> SignedInPageAsync(string userName) => SignedInPageAsync(App, userName);

    /// <summary>
    /// A fresh browser context signed in as <paramref name="userName"/> on another app than the
    /// shared one: a test that needs its own (a test clock, a fake webhook) starts it with
    /// <see cref="ServiceCoachApp.StartOnKestrelAsync"/> and still shares the browser.
    /// </summary>
    public Task<IPage> SignedInPageAsync(ServiceCoachApp app, string userName)
    {
        ArgumentNullException.ThrowIfNull(app);
        return SignedInPageAsync(app.ServerAddress, userName, app.PasswordOf(userName));
    }

    /// <summary>A fresh browser context signed in on a server at <paramref name="baseUrl"/> (e.g. a <see cref="ServerProcess"/>).</summary>
    public async Task<IPage> SignedInPageAsync(string baseUrl, string userName, string password)
    {
        SkipWithoutBrowser();
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, Locale = "zh-CN" });

        // A loaded CI machine can take longer than Playwright's 30 s to render a page; these are
        // limits on waiting, not assertions about speed.
        context.SetDefaultTimeout(120_000);
        context.SetDefaultNavigationTimeout(120_000);
        var page = await context.NewPageAsync();
        // Wait for the page's scripts too: a click while Blazor's script is still attaching its form
        // handling can be swallowed, leaving the browser on the login page.
        await page.GotoAsync("/account/login", new() { WaitUntil = WaitUntilState.Load });
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        // Ready is when the signed-in page shows its heading, not when the network is idle or every load event fired.
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("h1").First.WaitForAsync();
        return page;
    }

    public static void SkipWithoutBrowser() =>
        Testing.RequiredParts.Require(ChromiumPath is not null, "No Chromium: install Debian's chromium (CI does) or set SERVICECOACH_CHROMIUM.");

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
