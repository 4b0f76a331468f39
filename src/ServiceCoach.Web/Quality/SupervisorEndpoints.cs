using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using ServiceCoach.Conversations;
using ServiceCoach.Pdf;
using ServiceCoach.Quality;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Quality;

/// <summary>
/// A supervisor's day, from the pages (cookie-authenticated; posts antiforgery-checked): exports
/// of the lists as CSV or XLSX with the page's own filters, filing unassigned conversations,
/// agent-id mappings, assigning review-queue items, and "confirm all, change a few" on the review form.
/// </summary>
internal static class SupervisorEndpoints
{
    /// <summary>The form field of a check's outcome in the bulk review form.</summary>
    public static string OutcomeField(string checkId) => "check." + checkId;

    public static WebApplication MapSupervisorEndpoints(this WebApplication app)
    {
        app.MapGet("/export/conversations", ExportConversationsAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/export/review", ExportReviewQueueAsync).RequireAuthorization(Policies.Review).ExcludeFromDescription();
        app.MapGet("/export/disputes", ExportDisputesAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/conversations/{id}/scorecard.pdf", ScorecardPdfAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/unassigned/assign", AssignConversationsAsync).RequireAuthorization(Policies.AssignConversations).ExcludeFromDescription();
        app.MapPost("/agent-mappings", AddMappingAsync).RequireAuthorization(Policies.AssignConversations).ExcludeFromDescription();
        app.MapPost("/agent-mappings/{id:int}/delete", RemoveMappingAsync).RequireAuthorization(Policies.AssignConversations).ExcludeFromDescription();
        app.MapPost("/review/assign", AssignReviewsAsync).RequireAuthorization(Policies.Review).ExcludeFromDescription();
        app.MapPost("/conversations/{id}/review/bulk", BulkReviewAsync).RequireAuthorization(Policies.Review).ExcludeFromDescription();
        return app;
    }

    /// <summary>One conversation's scorecard as a PDF, for whoever may open the conversation (an agent their own).</summary>
    private static async Task<IResult> ScorecardPdfAsync(string id, HttpContext context, ConversationQueries queries, OrganisationTime time, TimeProvider clock, CancellationToken cancellationToken)
    {
        var detail = await queries.GetAsync(Viewer.FromPrincipal(context.User), id, cancellationToken);
        if (detail is null)
        {
            return Results.NotFound();
        }

        try
        {
            return Results.File(ScorecardPdf.Render(detail, time, clock.GetUtcNow()), "application/pdf", $"scorecard-{id}.pdf");
        }
        catch (InvalidOperationException e) when (!CjkPdfFont.Available)
        {
            return Results.Text(e.Message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>The conversation list's filters from a query string (the same names as the page's); from/to are days in the organisation's time zone.</summary>
    public static ConversationFilter Filter(IQueryCollection query, OrganisationTime organisationTime)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(organisationTime);
        string? Text(string name) => query[name].ToString() is { Length: > 0 } v ? v : null;
        return new ConversationFilter
        {
            Search = Text("q"),
            Agent = Text("agent"),
            TeamId = QueryValues.Int(Text("team")),
            Channel = Enum.TryParse<Channel>(Text("channel"), true, out var channel) ? channel : null,
            Category = Text("category"),
            Grade = Text("grade"),
            FailedCheck = Text("failedCheck"),
            FromUtc = organisationTime.DayStartUtc(Text("from")),
            ToUtc = organisationTime.DayStartUtc(Text("to"), addDays: 1),
            ImportId = QueryValues.Long(Text("import")),
            Tag = Text("tag"),
            WithoutTag = Text("withoutTag"),
            State = ScoringStates.Parse(Text("status")),
            Order = Text("sort") == "risk" ? ConversationOrder.Risk : ConversationOrder.Newest,
        };
    }

    private static async Task<IResult> ExportConversationsAsync(HttpContext context, ConversationQueries queries, OrganisationTime organisationTime, CancellationToken cancellationToken)
    {
        if (TableExport.ParseFormat(context.Request.Query["format"]) is not { } format)
        {
            return Results.BadRequest();
        }

        var viewer = Viewer.FromPrincipal(context.User);
        var filter = Filter(context.Request.Query, organisationTime);
        var rows = new List<IReadOnlyList<object?>>();
        for (var page = 1; rows.Count < TableExport.MaxRows; page++)
        {
            var (items, _) = await queries.ListAsync(viewer, filter, page, ConversationQueries.MaxPageSize, cancellationToken);
            rows.AddRange(items.Select(i => (IReadOnlyList<object?>)[
                i.ExternalId, i.Channel.ToString().ToLowerInvariant(), i.AgentCode, i.TeamName, i.StartTimeUtc, organisationTime.Format(i.StartTimeUtc), i.Category, i.Csat, i.TurnCount,
                i.Score, i.Grade, i.Fatal, Trim(i.FailedChecks), i.Reviewed, i.DissatisfactionRisk, Trim(i.Tags)]));
            if (items.Count < ConversationQueries.MaxPageSize)
            {
                break;
            }
        }

        return TableExport.File("conversations", format,
            ["id", "channel", "agent", "team", "start_utc", "start_local", "category", "csat", "turns", "score", "grade", "fatal", "failed_checks", "reviewed", "dissatisfaction_risk", "tags"],
            rows.Take(TableExport.MaxRows));
    }

    private static async Task<IResult> ExportReviewQueueAsync(HttpContext context, ReviewWorklist worklist, OrganisationTime organisationTime, CancellationToken cancellationToken)
    {
        if (TableExport.ParseFormat(context.Request.Query["format"]) is not { } format)
        {
            return Results.BadRequest();
        }

        var viewer = Viewer.FromPrincipal(context.User);
        var state = context.Request.Query["state"] == "done" ? ReviewState.Done : ReviewState.Pending;
        var rule = QueryValues.Int(context.Request.Query["rule"]);
        var mine = context.Request.Query["assigned"] == "me";
        var byRisk = context.Request.Query["sort"] == "risk";
        var rows = new List<IReadOnlyList<object?>>();
        for (var page = 1; rows.Count < TableExport.MaxRows; page++)
        {
            var (items, _) = await worklist.ListAsync(viewer, state, rule, page, ReviewWorklist.MaxPageSize, byRisk, mine, cancellationToken);
            rows.AddRange(items.Select(i => (IReadOnlyList<object?>)[
                i.Id, i.ConversationId, i.Channel.ToString().ToLowerInvariant(), i.AgentCode, i.TeamName, i.StartTimeUtc, organisationTime.Format(i.StartTimeUtc), i.Csat, i.Score, i.Grade, i.Fatal,
                i.Reason, i.State == ReviewState.Done ? "done" : "pending", i.CreatedAtUtc, i.AssignedTo, i.CompletedAtUtc, i.CompletedBy, i.DissatisfactionRisk]));
            if (items.Count < ReviewWorklist.MaxPageSize)
            {
                break;
            }
        }

        return TableExport.File("review-queue", format,
            ["item", "conversation", "channel", "agent", "team", "start_utc", "start_local", "csat", "score", "grade", "fatal", "reason", "state", "queued_utc", "assigned_to", "completed_utc", "completed_by", "dissatisfaction_risk"],
            rows.Take(TableExport.MaxRows));
    }

    private static async Task<IResult> ExportDisputesAsync(HttpContext context, Disputes disputes, CancellationToken cancellationToken)
    {
        if (TableExport.ParseFormat(context.Request.Query["format"]) is not { } format)
        {
            return Results.BadRequest();
        }

        var viewer = Viewer.FromPrincipal(context.User);
        DisputeState? state = context.Request.Query["state"].ToString() switch
        {
            "open" => DisputeState.Open,
            "upheld" => DisputeState.Upheld,
            "rejected" => DisputeState.Rejected,
            _ => null,
        };
        var rows = new List<IReadOnlyList<object?>>();
        for (var page = 1; rows.Count < TableExport.MaxRows; page++)
        {
            var (items, _) = await disputes.ListAsync(viewer, state, page, Disputes.MaxPageSize, cancellationToken);
            rows.AddRange(items.Select(d => (IReadOnlyList<object?>)[
                d.Id, d.ConversationId, d.AgentCode, d.CheckId, d.CheckName, d.Reason, d.State.ToString().ToLowerInvariant(), d.CreatedAtUtc,
                d.DecidedBy, d.DecisionComment, d.DecidedAtUtc, d.Check is { } c ? ScorecardJsonNames.Outcome(c.Outcome) : null, d.Score, d.Grade]));
            if (items.Count < Disputes.MaxPageSize)
            {
                break;
            }
        }

        return TableExport.File("disputes", format,
            ["dispute", "conversation", "agent", "check", "check_name", "reason", "state", "raised_utc", "decided_by", "decision_comment", "decided_utc", "check_outcome_now", "score", "grade"],
            rows.Take(TableExport.MaxRows));
    }

    private static async Task<IResult> AssignConversationsAsync(HttpContext context, Assignments assignments, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var ids = form["conversation"].Select(v => QueryValues.Long(v)).OfType<long>().ToList();
        var target = form["target"].ToString();
        var (teamText, agent) = target.Split(':', 2) is [var t, var a] ? (t, a) : (target, null);
        var back = form["import"].ToString() is { Length: > 0 } import && QueryValues.Long(import) is { } importId
            ? $"/unassigned?import={importId.ToString(CultureInfo.InvariantCulture)}&"
            : "/unassigned?";
        if (QueryValues.Int(teamText) is not { } teamId)
        {
            return Results.LocalRedirect(back + "error=" + nameof(AssignError.UnknownTeam));
        }

        var (assigned, error) = await assignments.AssignConversationsAsync(Viewer.FromPrincipal(context.User), ids, teamId, agent, cancellationToken);
        return Results.LocalRedirect(error is { } e
            ? back + "error=" + e
            : back + "assigned=" + assigned.ToString(CultureInfo.InvariantCulture) + "&team=" + teamId.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task<IResult> AddMappingAsync([FromForm] string? external, [FromForm] string? agent, HttpContext context, Assignments assignments, CancellationToken cancellationToken)
    {
        var error = await assignments.AddMappingAsync(Viewer.FromPrincipal(context.User), external, agent ?? "", cancellationToken);
        return Results.LocalRedirect(error is { } e ? "/agent-mappings?error=" + e : "/agent-mappings?saved=1");
    }

    private static async Task<IResult> RemoveMappingAsync(int id, HttpContext context, Assignments assignments, CancellationToken cancellationToken) =>
        await assignments.RemoveMappingAsync(Viewer.FromPrincipal(context.User), id, cancellationToken)
            ? Results.LocalRedirect("/agent-mappings?removed=1")
            : Results.NotFound();

    private static async Task<IResult> AssignReviewsAsync(HttpContext context, Assignments assignments, CancellationToken cancellationToken)
    {
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var ids = form["item"].Select(v => QueryValues.Long(v)).OfType<long>().ToList();
        var reviewer = form["reviewer"].ToString();
        var (assigned, error) = await assignments.AssignReviewsAsync(Viewer.FromPrincipal(context.User), ids, reviewer.Length == 0 ? null : reviewer, cancellationToken);
        return Results.LocalRedirect(error is { } e ? "/review?error=" + e : "/review?assigned-count=" + assigned.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The review form in one post: every check's outcome comes with the form (pre-set to the
    /// current one), so "confirm all" is one click and only the changed checks become judgements.
    /// With <c>done=1</c> the review-queue item is completed too.
    /// </summary>
    private static async Task<IResult> BulkReviewAsync(
        string id, HttpContext context, ConversationQueries queries, Reviews reviews, ReviewWorklist worklist, CancellationToken cancellationToken)
    {
        var viewer = Viewer.FromPrincipal(context.User);
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var detail = await queries.GetAsync(viewer, id, cancellationToken);
        if (detail?.ScorecardRecord is not { } card || detail.Scorecard is not { } scorecard)
        {
            return Results.NotFound();
        }

        var changes = new Dictionary<string, CheckOutcome>(StringComparer.Ordinal);
        foreach (var check in scorecard.Checks)
        {
            if (ScorecardJsonNames.ParseOutcome(form[OutcomeField(check.Id)].ToString()) is { } outcome && outcome != check.Outcome)
            {
                changes[check.Id] = outcome;
            }
        }

        var changed = await reviews.DecideChecksAsync(viewer, card.Id, changes, form["comment"].ToString().Trim(), cancellationToken);
        if (form["done"] == "1" && await worklist.ForScorecardAsync(viewer, card.Id, cancellationToken) is { } item)
        {
            await worklist.CompleteAsync(viewer, item.Id, cancellationToken);
        }

        return Results.LocalRedirect($"/conversations/{Uri.EscapeDataString(id)}?reviewed={changed.ToString(CultureInfo.InvariantCulture)}#review");
    }

    private static string? Trim(string? list) => list?.Trim(',').Replace(",", " ", StringComparison.Ordinal);
}
