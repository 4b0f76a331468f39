using System.Net.Http.Json;
using Microsoft.Playwright;
using ServiceCoach.Training;
using ServiceCoach.Users;
using ServiceCoach.Web.Training;

namespace ServiceCoach.BrowserTests;

/// <summary>
/// The workspace at a phone's width (390 × 844, an iPhone 12–15) and at a laptop's (1280 × 800):
/// the page never scrolls sideways (wide tables scroll inside their own box), the side navigation
/// folds behind a menu button on the phone and stands open on the laptop.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkingOnAPhoneSizedScreenTests(BrowserFixture browser)
{
    private const string Navigation = "主导航";

    private static readonly string[] FixedPages = ["/", "/conversations", "/dashboard", "/complaints", "/training"];

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 800)]
    public async Task Supervisor_OpensTheMainPages_AndNoneScrollsSideways(int width, int height)
    {
        BrowserFixture.SkipWithoutBrowser();
        var page = await SignedInAtAsync(width, height);

        foreach (var path in FixedPages.Append(await FirstConversationAsync(page)))
        {
            await page.GotoAsync(path);
            await page.Locator("h1").First.WaitForAsync();
            var (scrollWidth, innerWidth) = await PageWidthsAsync(page);
            Assert.True(scrollWidth <= innerWidth, $"{path} at {width} px is {scrollWidth} px wide: the page scrolls sideways.");
        }

        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(Roles.Trainer, new[] { "/training", "/training/bank", "/training/exams", "/training/grading", "/training/programmes", "/training/cohorts", "/practice/scenarios/write" })]
    [InlineData(Roles.Agent, new[] { "/training", "/practice", "/practice/scenarios/technical-login-failure", "/practice/attempts" })]
    public async Task TrainersAndLearners_OnAPhone_UseTheirPagesWithoutScrollingSideways(string role, string[] paths)
    {
        BrowserFixture.SkipWithoutBrowser();
        var userName = browser.App.UserWithRole(role);
        var page = await browser.SignedInPageAsync(userName);
        await page.SetViewportSizeAsync(390, 844);

        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            await page.Locator("h1").First.WaitForAsync();
            var (scrollWidth, innerWidth) = await PageWidthsAsync(page);
            Assert.True(scrollWidth <= innerWidth, $"{path} for {userName} at 390 px is {scrollWidth} px wide: the page scrolls sideways.");
        }

        await page.Context.CloseAsync();
    }

    /// <summary>Every kind of question a learner answers, and a long unbroken address that a phone must wrap.</summary>
    private const string PhoneExam = """
        ::tf::普通咨询的首次响应时限是 30 秒。{T}

        ::mc::客户投诉时，第一步应该做什么？{=倾听客户，让客户把话说完，并记录问题的关键信息 ~解释公司规定 ~转接他人}

        ::multi::哪些是服务禁语？{~%50%这不归我管 ~%50%你自己看说明书 ~%-100%请您稍等}

        ::match::把步骤和含义配对。{=L -> Listen（倾听客户的完整诉求） =E -> Empathize（共情） =A -> Apologize（道歉）}

        ::num::一次标准通话最长几分钟？{#5:0.5}

        ::sa::查询订单的网址 https://service.example.com/orders/lookup?customer=1234567890&channel=phone&reference=ABCDEFGHIJKLMNOPQRSTUVWXYZ 的域名是？{=service.example.com}

        ::essay::请写出一句向客户道歉的话。{}
        """;

    /// <summary>Exams are taken on phones: the exam's page, the attempt with every kind of question, and the result.</summary>
    [Fact]
    public async Task Learner_OnAPhone_TakesAnExam_WithoutScrollingSideways()
    {
        BrowserFixture.SkipWithoutBrowser();
        var cancel = TestContext.Current.CancellationToken;
        var app = browser.App;
        var category = "手机测验/" + Guid.NewGuid().ToString("N")[..8];
        using (var trainer = await app.ApiClientAsRoleAsync(Roles.Trainer))
        {
            using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(PhoneExam));
            content.Headers.ContentType = new("application/octet-stream");
            var imported = await trainer.PostAsync($"/api/v1/training/questions/import?fileName=exam.gift&category={Uri.EscapeDataString(category)}", content, cancel);
            Assert.Equal(7, (await imported.Content.ReadFromJsonAsync<ImportQuestionsResponse>(cancel))!.Added);
        }

        var (paperId, problems) = await app.Service<Exams>().CreatePaperAsync(Viewer.System,
            new ExamPaperInput("手机上的限时测验 " + category[^8..], "七道题，三十分钟", [ExamRule.Draw(7, category: category)], TimeLimitMinutes: 30, Published: true), cancel);
        Assert.Empty(problems);
        var page = await browser.SignedInPageAsync(app.UsersWithRole(Roles.Agent)[2]);
        await page.SetViewportSizeAsync(390, 844);

        await page.GotoAsync($"/training/exams/{paperId}");
        await AssertNoSidewaysScrollingAsync(page, "the exam's page");
        await page.GetByRole(AriaRole.Button, new() { Name = "开始考试" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Timer)).ToBeVisibleAsync();
        await AssertNoSidewaysScrollingAsync(page, "the attempt");
        await AssertWithinTheScreenAsync(page.GetByRole(AriaRole.Timer), 390, "the timer");
        await AssertWithinTheScreenAsync(page.Locator("[data-exam-status]"), 390, "the saved indication");
        await AssertWithinTheScreenAsync(page.GetByRole(AriaRole.Button, new() { Name = "交卷" }).First, 390, "the 交卷 button");
        foreach (var field in await page.Locator("section.question input, section.question select, section.question textarea").AllAsync())
        {
            await AssertWithinTheScreenAsync(field, 390, "an answer field");
        }

        await page.Locator("section.question", new() { HasText = "第一步应该做什么" }).GetByLabel("倾听客户", new() { Exact = false }).CheckAsync();
        await Assertions.Expect(page.Locator("[data-exam-status]")).ToContainTextAsync("已保存");
        await page.GetByRole(AriaRole.Button, new() { Name = "交卷" }).First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("attempt-state")).ToBeVisibleAsync();
        await AssertNoSidewaysScrollingAsync(page, "the result");
        await page.Context.CloseAsync();
    }

    private static async Task AssertNoSidewaysScrollingAsync(IPage page, string what)
    {
        await page.Locator("h1").First.WaitForAsync();
        var (scrollWidth, innerWidth) = await PageWidthsAsync(page);
        Assert.True(scrollWidth <= innerWidth, $"{what} at {innerWidth} px is {scrollWidth} px wide: the page scrolls sideways.");
    }

    [Fact]
    public async Task Supervisor_OnAPhone_OpensTheMenu_AndFollowsALink()
    {
        BrowserFixture.SkipWithoutBrowser();
        var page = await SignedInAtAsync(390, 844);
        await page.GotoAsync("/conversations");
        var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = Navigation, IncludeHidden = true });

        await Assertions.Expect(navigation).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "菜单" }).ClickAsync();
        await Assertions.Expect(navigation).ToBeVisibleAsync();
        var link = navigation.GetByRole(AriaRole.Link, new() { Name = "质检看板" });
        await AssertWithinTheScreenAsync(link, 390, "the 质检看板 menu link");
        // A label squeezed to one character per line is taller than two lines of text.
        Assert.True((await link.BoundingBoxAsync())!.Height < 60, "The menu label wraps.");
        await link.ClickAsync();

        await page.WaitForURLAsync(url => url.EndsWith("/dashboard", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("h1").First).ToHaveTextAsync("质检看板");
        await Assertions.Expect(navigation).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Supervisor_OnAPhone_ReachesEveryFilterOfTheConversationList()
    {
        BrowserFixture.SkipWithoutBrowser();
        var page = await SignedInAtAsync(390, 844);
        await page.GotoAsync("/conversations");

        var filter = page.GetByRole(AriaRole.Button, new() { Name = "筛选" });
        await AssertWithinTheScreenAsync(filter, 390, "the 筛选 button");
        foreach (var field in await page.Locator("form.filters select, form.filters input:not([type=hidden])").AllAsync())
        {
            await AssertWithinTheScreenAsync(field, 390, "a filter field");
        }

        await page.GetByLabel("搜索").FillAsync("退款");
        await filter.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("q=", StringComparison.Ordinal));

        // The list itself may be wider than the phone; it scrolls in its own box, the page does not.
        var table = page.GetByRole(AriaRole.Table, new() { Name = "会话列表" });
        await AssertWithinTheScreenAsync(table, 390, "the conversation table's box");
        var (scrollWidth, innerWidth) = await PageWidthsAsync(page);
        Assert.True(scrollWidth <= innerWidth, $"The filtered list is {scrollWidth} px wide.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Supervisor_OnALaptop_SeesTheNavigationWithoutAMenuButton()
    {
        BrowserFixture.SkipWithoutBrowser();
        var page = await SignedInAtAsync(1280, 800);
        await page.GotoAsync("/conversations");

        var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = Navigation });
        await Assertions.Expect(navigation).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "菜单" })).ToBeHiddenAsync();
        await navigation.GetByRole(AriaRole.Link, new() { Name = "质检看板" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/dashboard", StringComparison.Ordinal));
        await Assertions.Expect(navigation).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    /// <summary>The dashboard's charts shrink to the phone's width instead of keeping a fixed size.</summary>
    [Fact]
    public async Task Supervisor_OnAPhone_SeesTheChartsScaledToTheScreen()
    {
        BrowserFixture.SkipWithoutBrowser();
        var page = await SignedInAtAsync(390, 844);
        await page.GotoAsync("/dashboard");

        var charts = await page.Locator("svg.chart").AllAsync();
        Assert.NotEmpty(charts);
        foreach (var chart in charts)
        {
            await AssertWithinTheScreenAsync(chart, 390, "a chart");
        }

        await page.Context.CloseAsync();
    }

    private async Task<IPage> SignedInAtAsync(int width, int height)
    {
        var page = await browser.SignedInPageAsync("supervisor1");
        await page.SetViewportSizeAsync(width, height);
        return page;
    }

    private static async Task<string> FirstConversationAsync(IPage page)
    {
        await page.GotoAsync("/conversations");
        var href = await page.Locator("table[aria-label='会话列表'] a[href^='/conversations/']").First.GetAttributeAsync("href");
        Assert.NotNull(href);
        return href;
    }

    private static async Task<(int ScrollWidth, int InnerWidth)> PageWidthsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        return (widths[0], widths[1]);
    }

    private static async Task AssertWithinTheScreenAsync(ILocator element, int width, string what)
    {
        await element.ScrollIntoViewIfNeededAsync();
        var box = await element.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= width + 0.5, $"{what} spans {box.X:0}–{box.X + box.Width:0} px on a {width} px screen.");
    }
}
