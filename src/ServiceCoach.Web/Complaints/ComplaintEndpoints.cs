using System.Globalization;
using ServiceCoach.Complaints;
using ServiceCoach.Notifications;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Complaints;

/// <summary>
/// Form posts from the complaint pages (cookie-authenticated; minimal APIs validate the
/// antiforgery token of every form they read), each answering with a redirect back to the page,
/// carrying what went wrong in <c>?error=</c>; the return label as a PDF download.
/// </summary>
internal static class ComplaintEndpoints
{
    public static WebApplication MapComplaintEndpoints(this WebApplication app)
    {
        var group = app.MapGroup("/complaints").RequireAuthorization().ExcludeFromDescription();
        group.MapPost("/create", CreateAsync);
        group.MapPost("/from-conversation", FromConversationAsync);
        group.MapPost("/{id:long}/steps", StepAsync);
        group.MapPost("/{id:long}/level", LevelAsync);
        group.MapPost("/{id:long}/take-over", TakeOverAsync);
        group.MapPost("/{id:long}/waiting", WaitingAsync);
        group.MapPost("/{id:long}/fault", FaultAsync);
        group.MapPost("/{id:long}/compensation", CompensationAsync);
        group.MapPost("/{id:long}/return", ReturnAsync);
        group.MapGet("/{id:long}/return-label.pdf", LabelAsync);
        group.MapPost("/{id:long}/root-cause", RootCauseAsync);
        group.MapPost("/{id:long}/close", CloseAsync);
        group.MapPost("/{id:long}/follow-ups/{followUpId:long}", FollowUpAsync);
        group.MapPost("/board", AddImprovementAsync);
        group.MapPost("/board/{id:long}/stage", MoveImprovementAsync);
        group.MapPost("/templates", SaveTemplateAsync);
        group.MapPost("/calendars", SaveCalendarAsync);
        group.MapPost("/calendars/teams/{teamId:int}", TeamCalendarAsync);

        var notifications = app.MapGroup("/notifications").RequireAuthorization().ExcludeFromDescription();
        notifications.MapPost("/read", ReadAsync);
        notifications.MapPost("/teams/{teamId:int}", TeamSettingsAsync);
        return app;
    }

    /// <summary>The root-cause notes' fields (5W2H), in the order the page shows them.</summary>
    internal static readonly string[] FiveW2H = ["what", "where", "when", "who", "why", "how", "howMuch"];

    private static Viewer Viewer(HttpContext context) => ServiceCoach.Users.Viewer.FromPrincipal(context.User);

    internal static string Page(long id) => $"/complaints/{id.ToString(CultureInfo.InvariantCulture)}";

    private static IResult Back(string page, ComplaintResult result, string anchor = "") => result.Error switch
    {
        null => Results.LocalRedirect($"{page}?saved=1{anchor}"),
        ComplaintError.NotFound => Results.NotFound(),
        ComplaintError.NotAllowed => Results.Forbid(),
        _ => Results.LocalRedirect($"{page}?error={Uri.EscapeDataString(string.Join(" ", result.Problems))}{anchor}"),
    };

    private static string Text(IFormCollection form, string key) => form[key].ToString();

    private static string? Optional(IFormCollection form, string key) => form[key].ToString() is { Length: > 0 } value ? value : null;

    /// <summary>
    /// A datetime-local field ("2026-03-09T12:30") read in the organisation's zone, the zone the complaint page
    /// shows every time in (the SLA clocks still run on the team's business calendar).
    /// </summary>
    private static DateTimeOffset? LocalTime(IFormCollection form, string key, OrganisationTime organisation)
    {
        if (!DateTime.TryParse(Text(form, key), CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        return new DateTimeOffset(DateTime.SpecifyKind(organisation.LocalToUtc(local), DateTimeKind.Utc));
    }

    private static async Task<IResult> CreateAsync(IFormCollection form, HttpContext context, ComplaintDesk desk, CancellationToken cancellationToken)
    {
        var conversations = Text(form, "conversations").Split([',', '，', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = await desk.CreateAsync(Viewer(context), new NewComplaint
        {
            Title = Text(form, "title"),
            Description = Text(form, "description"),
            CustomerId = Text(form, "customerId"),
            CustomerName = Optional(form, "customerName"),
            TierId = Optional(form, "tier"),
            AnnualRevenue = decimal.TryParse(Text(form, "revenue"), NumberStyles.Number, CultureInfo.InvariantCulture, out var revenue) ? revenue : null,
            Channel = Optional(form, "channel") ?? "chat",
            CategoryId = Text(form, "category"),
            Tags = Text(form, "tags").Split([',', '，', ' '], StringSplitOptions.RemoveEmptyEntries),
            FlowId = Optional(form, "flow"),
            ConversationIds = conversations,

            // Opened from a conversation (the button on the conversation page): the customer has heard from us already.
            AlreadyResponded = Optional(form, "fromConversation") is { } origin && conversations.Contains(origin, StringComparer.Ordinal),
        }, cancellationToken);
        return result.Succeeded ? Results.LocalRedirect(Page(result.Id!.Value)) : Back("/complaints/new", result);
    }

    private static async Task<IResult> FromConversationAsync(IFormCollection form, HttpContext context, ComplaintDesk desk, CancellationToken cancellationToken)
    {
        var conversation = Text(form, "conversation");
        var result = await desk.OpenFromConversationAsync(Viewer(context), conversation, Optional(form, "category"), cancellationToken);
        return result.Succeeded
            ? Results.LocalRedirect(Page(result.Id!.Value))
            : Back($"/conversations/{Uri.EscapeDataString(conversation)}", result);
    }

    private static async Task<IResult> StepAsync(long id, IFormCollection form, HttpContext context, ComplaintDesk desk, OrganisationTime organisation, CancellationToken cancellationToken)
    {
        var viewer = Viewer(context);
        var view = await desk.GetAsync(viewer, id, cancellationToken);
        if (view is null)
        {
            return Results.NotFound();
        }

        var options = Text(form, "options").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = await desk.RecordStepAsync(viewer, id, Text(form, "step"), Optional(form, "note"), options, LocalTime(form, "commitAt", organisation), cancellationToken);
        return Back(Page(id), result, "#steps");
    }

    private static async Task<IResult> LevelAsync(long id, IFormCollection form, HttpContext context, ComplaintDesk desk, CancellationToken cancellationToken) =>
        Back(Page(id), await desk.OverrideLevelAsync(Viewer(context), id, Text(form, "level"), Optional(form, "reason"), cancellationToken), "#level");

    private static async Task<IResult> TakeOverAsync(long id, HttpContext context, ComplaintDesk desk, CancellationToken cancellationToken) =>
        Back(Page(id), await desk.TakeOverAsync(Viewer(context), id, cancellationToken));

    private static async Task<IResult> WaitingAsync(long id, IFormCollection form, HttpContext context, ComplaintDesk desk, CancellationToken cancellationToken) =>
        Back(Page(id), await desk.SetWaitingAsync(Viewer(context), id, Text(form, "waiting") == "true", cancellationToken), "#clocks");

    private static async Task<IResult> FaultAsync(long id, IFormCollection form, HttpContext context, ComplaintDesk desk, OrganisationTime organisation, CancellationToken cancellationToken)
    {
        var viewer = Viewer(context);
        var view = await desk.GetAsync(viewer, id, cancellationToken);
        if (view is null)
        {
            return Results.NotFound();
        }

        var result = await desk.RecordTechnicalFaultAsync(viewer, id, Optional(form, "errorCode"), Optional(form, "scene"), Optional(form, "steps"), Optional(form, "device"),
            LocalTime(form, "expectedFix", organisation), Text(form, "handOver") == "true", cancellationToken);
        return Back(Page(id), result, "#fault");
    }

    private static async Task<IResult> CompensationAsync(long id, IFormCollection form, HttpContext context, ComplaintDesk desk, CancellationToken cancellationToken)
    {
        if (!decimal.TryParse(Text(form, "loss"), NumberStyles.Number, CultureInfo.InvariantCulture, out var loss) ||
            !Enum.TryParse<FaultSide>(Text(form, "fault"), out var fault))
        {
            return Results.LocalRedirect($"{Page(id)}?error={Uri.EscapeDataString("请填写损失金额和责任方。")}#compensation");
        }

        var (result, _) = await desk.DecideCompensationAsync(Viewer(context), id, loss, fault, Text(form, "repeat") == "true", Optional(form, "option"), cancellationToken);
        return Back(Page(id), result, "#compensation");
    }

    private static async Task<IResult> ReturnAsync(long id, IFormCollection form, HttpContext context, ComplaintDesk desk, CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(Text(form, "delivered"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var delivered) ||
            !Enum.TryParse<ReturnKind>(Text(form, "kind"), out var kind) ||
            !Enum.TryParse<ReturnReason>(Text(form, "reason"), out var reason) ||
            !Enum.TryParse<PackagingState>(Text(form, "packaging"), out var packaging))
        {
            return Results.LocalRedirect($"{Page(id)}?error={Uri.EscapeDataString("请完整填写退换货信息（签收日期、类型、原因、包装）。")}#return");
        }

        var (result, _) = await desk.DecideReturnAsync(Viewer(context), id, Text(form, "category"), kind, reason, delivered, packaging, cancellationToken);
        return Back(Page(id), result, "#return");
    }

    private static async Task<IResult> LabelAsync(long id, HttpContext context, ComplaintInsights insights, CancellationToken cancellationToken) =>
        await insights.ReturnLabelAsync(Viewer(context), id, cancellationToken) is { } pdf
            ? Results.File(pdf, "application/pdf", $"return-label-{id.ToString(CultureInfo.InvariantCulture)}.pdf")
            : Results.NotFound();

    private static async Task<IResult> RootCauseAsync(long id, IFormCollection form, HttpContext context, ComplaintDesk desk, CancellationToken cancellationToken)
    {
        RootCauseCategory? category = Enum.TryParse<RootCauseCategory>(Text(form, "category"), out var c) ? c : null;
        var notes = FiveW2H.ToDictionary(k => k, k => Text(form, k));
        return Back(Page(id), await desk.SetRootCauseAsync(Viewer(context), id, category, notes, cancellationToken), "#root-cause");
    }

    private static async Task<IResult> CloseAsync(long id, IFormCollection form, HttpContext context, ComplaintDesk desk, CancellationToken cancellationToken) =>
        Back(Page(id), await desk.CloseAsync(Viewer(context), id, Optional(form, "resolution"), cancellationToken), "#follow-up");

    private static async Task<IResult> FollowUpAsync(long id, long followUpId, IFormCollection form, HttpContext context, ComplaintDesk desk, CancellationToken cancellationToken)
    {
        var satisfaction = int.TryParse(Text(form, "satisfaction"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        return Back(Page(id), await desk.RecordFollowUpAsync(Viewer(context), id, followUpId, Optional(form, "outcome"), satisfaction, cancellationToken), "#follow-up");
    }

    private static async Task<IResult> AddImprovementAsync(IFormCollection form, HttpContext context, ComplaintInsights insights, CancellationToken cancellationToken)
    {
        var ids = Text(form, "complaints").Split([',', '，', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(x => long.TryParse(x.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0).Where(v => v > 0).ToArray();
        var created = await insights.AddImprovementAsync(Viewer(context), Text(form, "title"), Optional(form, "description"), Optional(form, "cluster"), ids, Text(form, "rising") == "true", cancellationToken);
        return created is null ? Results.LocalRedirect($"/complaints/board?error={Uri.EscapeDataString("请填写改进项标题。")}") : Results.LocalRedirect("/complaints/board?saved=1");
    }

    private static async Task<IResult> MoveImprovementAsync(long id, IFormCollection form, HttpContext context, ComplaintInsights insights, CancellationToken cancellationToken) =>
        Enum.TryParse<FeedbackStage>(Text(form, "stage"), out var stage) && await insights.MoveImprovementAsync(Viewer(context), id, stage, cancellationToken)
            ? Results.LocalRedirect("/complaints/board?saved=1")
            : Results.NotFound();

    private static async Task<IResult> SaveTemplateAsync(IFormCollection form, HttpContext context, ComplaintInsights insights, CancellationToken cancellationToken)
    {
        var (id, _) = await insights.SaveTemplateAsync(Viewer(context),
            int.TryParse(Text(form, "id"), NumberStyles.None, CultureInfo.InvariantCulture, out var existing) ? existing : null,
            Text(form, "title"), Text(form, "apology"), Text(form, "solution"), Text(form, "commitment"), cancellationToken);
        return id is { } saved
            ? Results.LocalRedirect($"/complaints/templates?id={saved.ToString(CultureInfo.InvariantCulture)}&saved=1")
            : Results.LocalRedirect($"/complaints/templates?error={Uri.EscapeDataString("请填写模板标题（主管和管理员可以保存模板）。")}");
    }

    private static async Task<IResult> SaveCalendarAsync(IFormCollection form, HttpContext context, ComplaintCalendars calendars, CancellationToken cancellationToken)
    {
        var problems = await calendars.SaveAsync(Viewer(context), Text(form, "yaml"), cancellationToken);
        return problems.Count == 0
            ? Results.LocalRedirect("/complaints/calendars?saved=1")
            : Results.LocalRedirect($"/complaints/calendars?error={Uri.EscapeDataString(string.Join("\n", problems.Select(p => $"{p.Location.Line}:{p.Location.Column} {p.Message}")))}");
    }

    private static async Task<IResult> TeamCalendarAsync(int teamId, IFormCollection form, HttpContext context, ComplaintCalendars calendars, CancellationToken cancellationToken) =>
        await calendars.SetTeamCalendarAsync(Viewer(context), teamId, Text(form, "calendar"), cancellationToken)
            ? Results.LocalRedirect("/complaints/calendars?saved=1")
            : Results.Forbid();

    private static async Task<IResult> ReadAsync(IFormCollection form, HttpContext context, Notifier notifier, CancellationToken cancellationToken)
    {
        long? id = long.TryParse(Text(form, "id"), NumberStyles.None, CultureInfo.InvariantCulture, out var one) ? one : null;
        await notifier.MarkReadAsync(Viewer(context), id, cancellationToken);
        return Optional(form, "link") is { } link && link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal)
            ? Results.LocalRedirect(link)
            : Results.LocalRedirect("/notifications");
    }

    private static async Task<IResult> TeamSettingsAsync(int teamId, IFormCollection form, HttpContext context, Notifier notifier, CancellationToken cancellationToken)
    {
        var problem = await notifier.SaveTeamSettingsAsync(Viewer(context), teamId, Text(form, "email") == "true",
            Optional(form, "wecom"), Optional(form, "dingtalk"), form.ContainsKey("dingtalkSecret") && Text(form, "dingtalkSecret").Length > 0 ? Text(form, "dingtalkSecret") : null, cancellationToken);
        return problem switch
        {
            null => Results.LocalRedirect("/notifications/settings?saved=1"),
            "not-allowed" => Results.Forbid(),
            "not-found" => Results.NotFound(),
            _ => Results.LocalRedirect($"/notifications/settings?error={Uri.EscapeDataString("Webhook 地址必须是 https 地址（本机测试可用 http://127.0.0.1）。")}"),
        };
    }
}
