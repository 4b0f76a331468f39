using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceCoach.Complaints;
using ServiceCoach.Data;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Complaints;

public sealed record ComplaintListItem(
    long Id, string Title, string CustomerId, string Tier, string Category, string Level, bool LevelOverridden, string State,
    string Owner, DateTime CreatedAt, DateTime? NextDueAt, int Breaches, long? GroupId);

public sealed record ComplaintListPage(IReadOnlyList<ComplaintListItem> Items, int Total, int Page, int PageSize);

/// <param name="TargetSeconds">The limit in seconds, counted on the team's business calendar or round the clock (<c>Mode</c>).</param>
public sealed record ClockResponse(string Kind, long TargetSeconds, string Mode, string Status, DateTimeOffset? DueAt, long RemainingSeconds, int Breaches, bool Paused);

public sealed record StepResponse(string Step, DateTime At, string? Note, DateTime? CommittedAt, string By);

public sealed record FollowUpResponse(long Id, DateTime DueAt, DateTime? DoneAt, int? Satisfaction, string? Outcome);

public sealed record ComplaintResponse(
    long Id, string Title, string Description, string CustomerId, string Tier, string Channel, string Category, string Level, string ComputedLevel, bool LevelOverridden,
    string State, string Owner, int? TeamId, DateTime CreatedAt, DateTime? ClosedAt, DateTime? EscalatedAt, string? Resolution, string Flow, string? NextStep,
    IReadOnlyList<ClockResponse> Clocks, IReadOnlyList<StepResponse> Steps, IReadOnlyList<FollowUpResponse> FollowUps);

public sealed record CreateComplaintRequest(
    string? Title, string? Description, string? CustomerId, string? CustomerName, string? Tier, decimal? AnnualRevenue, string? Channel, string? Category,
    IReadOnlyList<string>? Tags, IReadOnlyList<string>? Conversations);

/// <param name="CommittedAt">The time promised to the customer ("Now"), when the step asks for one.</param>
public sealed record RecordStepRequest(string? Step, string? Note, IReadOnlyList<string>? Options, DateTimeOffset? CommittedAt);

public sealed record CloseComplaintRequest(string? Resolution);

/// <summary>
/// Complaints for machines: list, read, open, record a handling step, close. Agents, supervisors
/// and admins only; every read and change is scoped by the token's user exactly as on the pages.
/// </summary>
internal static class ComplaintsApi
{
    public static RouteGroupBuilder MapComplaintsApi(this RouteGroupBuilder api)
    {
        var complaints = api.MapGroup("/complaints").RequireAuthorization(Api.Require(Policies.WorkComplaints));
        complaints.MapGet("/", ListAsync).WithName("ListComplaints")
            .WithSummary("The complaints the caller may see, newest first (state=open|waiting|closed, level=<id>, page, pageSize ≤ 200).");
        complaints.MapGet("/{id:long}", GetAsync).WithName("GetComplaint")
            .WithSummary("One complaint with its SLA clocks (due times, status, breaches), steps and follow-ups.");
        complaints.MapPost("/", CreateAsync).WithName("CreateComplaint")
            .WithSummary("Opens a complaint: the level is computed by the standard's rules and the clocks start now.");
        complaints.MapPost("/{id:long}/steps", RecordStepAsync).WithName("RecordComplaintStep")
            .WithSummary("Records the next handling step (L-U-A-S-F or L-E-A-R-N) with its note, options and committed time.");
        complaints.MapPost("/{id:long}/close", CloseAsync).WithName("CloseComplaint")
            .WithSummary("Closes a complaint with its resolution, stops the clocks and schedules the follow-up.");
        return api;
    }

    private static ProblemHttpResult NotAllowed() =>
        TypedResults.Problem("Complaints are for agents, supervisors and admins, each within their own records.", statusCode: StatusCodes.Status403Forbidden, title: "Not allowed");

    private static ProblemHttpResult Problem(ComplaintResult result) => result.Error switch
    {
        ComplaintError.NotFound => TypedResults.Problem("No such complaint, or not one you may see.", statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        ComplaintError.NotAllowed => NotAllowed(),
        _ => TypedResults.Problem(string.Join(" ", result.Problems), statusCode: StatusCodes.Status400BadRequest, title: "Invalid complaint input"),
    };

    private static async Task<Results<Ok<ComplaintListPage>, ProblemHttpResult>> ListAsync(
        HttpContext context, ComplaintDesk desk, string? state, string? level, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var viewer = context.Viewer();
        if (!ComplaintDesk.MayUse(viewer))
        {
            return NotAllowed();
        }

        ComplaintState? s = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (!Enum.TryParse<ComplaintState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return TypedResults.Problem("state must be open, waiting or closed.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid state");
            }

            s = parsed;
        }

        var number = Paging.Page(page ?? 1);
        var size = Math.Clamp(pageSize ?? 50, 1, ComplaintDesk.MaxPageSize);
        var (items, total) = await desk.ListAsync(viewer, s, level, number, size, cancellationToken);
        return TypedResults.Ok(new ComplaintListPage([.. items.Select(c => new ComplaintListItem(
            c.Id, c.Title, c.CustomerId, c.TierId, c.CategoryId, c.LevelId, c.LevelOverridden, Name(c.State), c.OwnerName, c.CreatedAtUtc, c.NextDueUtc, c.Breaches, c.GroupId))],
            total, number, size));
    }

    private static async Task<Results<Ok<ComplaintResponse>, ProblemHttpResult>> GetAsync(long id, HttpContext context, ComplaintDesk desk, CancellationToken cancellationToken)
    {
        var viewer = context.Viewer();
        if (!ComplaintDesk.MayUse(viewer))
        {
            return NotAllowed();
        }

        return await desk.GetAsync(viewer, id, cancellationToken) is { } view ? TypedResults.Ok(ToResponse(view)) : Problem(ComplaintResult.Fail(ComplaintError.NotFound));
    }

    private static async Task<Results<Created<ComplaintResponse>, ProblemHttpResult>> CreateAsync(
        CreateComplaintRequest request, HttpContext context, ComplaintDesk desk, CancellationToken cancellationToken)
    {
        var viewer = context.Viewer();
        if (!ComplaintDesk.MayUse(viewer))
        {
            return NotAllowed();
        }

        var result = await desk.CreateAsync(viewer, new NewComplaint
        {
            Title = request.Title ?? "",
            Description = request.Description ?? "",
            CustomerId = request.CustomerId ?? "",
            CustomerName = request.CustomerName,
            TierId = request.Tier,
            AnnualRevenue = request.AnnualRevenue,
            Channel = request.Channel ?? "chat",
            CategoryId = request.Category ?? "",
            Tags = request.Tags ?? [],
            ConversationIds = request.Conversations ?? [],
        }, cancellationToken);
        if (!result.Succeeded)
        {
            return Problem(result);
        }

        var view = (await desk.GetAsync(viewer, result.Id!.Value, cancellationToken))!;
        return TypedResults.Created($"/api/v1/complaints/{view.Record.Id.ToString(CultureInfo.InvariantCulture)}", ToResponse(view));
    }

    private static async Task<Results<Ok<ComplaintResponse>, ProblemHttpResult>> RecordStepAsync(
        long id, RecordStepRequest request, HttpContext context, ComplaintDesk desk, CancellationToken cancellationToken)
    {
        var viewer = context.Viewer();
        if (!ComplaintDesk.MayUse(viewer))
        {
            return NotAllowed();
        }

        var result = await desk.RecordStepAsync(viewer, id, request.Step ?? "", request.Note, request.Options ?? [], request.CommittedAt, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(ToResponse((await desk.GetAsync(viewer, id, cancellationToken))!)) : Problem(result);
    }

    private static async Task<Results<Ok<ComplaintResponse>, ProblemHttpResult>> CloseAsync(
        long id, CloseComplaintRequest request, HttpContext context, ComplaintDesk desk, CancellationToken cancellationToken)
    {
        var viewer = context.Viewer();
        if (!ComplaintDesk.MayUse(viewer))
        {
            return NotAllowed();
        }

        var result = await desk.CloseAsync(viewer, id, request.Resolution, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(ToResponse((await desk.GetAsync(viewer, id, cancellationToken))!)) : Problem(result);
    }

    private static string Name(ComplaintState state) => state.ToString().ToLowerInvariant();

    private static ComplaintResponse ToResponse(ComplaintView view)
    {
        var r = view.Record;
        return new ComplaintResponse(
            r.Id, r.Title, r.Description, r.CustomerId, r.TierId, r.Channel, r.CategoryId, r.LevelId, r.ComputedLevelId, r.LevelOverridden,
            Name(r.State), r.OwnerName, r.TeamId, r.CreatedAtUtc, r.ClosedAtUtc, r.EscalatedAtUtc, r.Resolution, view.Walk.FlowId, view.Walk.Next?.StepId,
            [.. view.Clocks.Select(c => new ClockResponse(
                c.Record.Kind, c.Record.TargetSeconds, c.Record.Mode.ToString().ToLowerInvariant(), ClockStatus(c.State.Status), c.State.DueAt,
                c.State.RemainingSeconds, c.State.BreachCount, c.State.Paused))],
            [.. view.Steps.Select(s => new StepResponse(s.StepId, s.AtUtc, s.Note, s.CommittedAtUtc, s.ByUserName))],
            [.. view.FollowUps.Select(f => new FollowUpResponse(f.Id, f.DueAtUtc, f.DoneAtUtc, f.Satisfaction, f.Outcome))]);
    }

    private static string ClockStatus(SlaStatus status) => status switch
    {
        SlaStatus.Active => "active",
        SlaStatus.ActiveWithBreaches => "active-with-breaches",
        SlaStatus.Met => "met",
        _ => "breached",
    };
}
