using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceCoach.Data;
using ServiceCoach.Quality;
using ServiceCoach.Quality.Reports;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Quality;

public sealed record ReviewItemResponse(
    long Id, string ConversationId, string Channel, string? AgentId, string? Team, DateTime? StartTime, int? Csat, double Score, string Grade, bool Fatal,
    int? RuleId, string Reason, string State, DateTime QueuedAt, DateTime? CompletedAt, string? CompletedBy, double DissatisfactionRisk);

public sealed record ReviewPage(IReadOnlyList<ReviewItemResponse> Items, int Total, int Page, int PageSize);

public sealed record CheckDecisionRequest(string? Outcome, string? Comment);

/// <param name="TeamDailyQuota">At most this many conversations per team and conversation day; 0 removes the cap; absent: no cap (add) or unchanged (change).</param>
public sealed record SamplingRuleRequest(string? Name, string? Kind, string? Parameter, bool? Enabled, int? TeamDailyQuota = null);

public sealed record SamplingRuleResponse(int Id, string Name, string Kind, string Parameter, bool Enabled, int Pending, int Total, int? TeamDailyQuota = null);

public sealed record ResampleRequest(int? RuleId);

public sealed record ResampleResponse(int Added);

public sealed record RaiseDisputeRequest(string? ConversationId, string? CheckId, string? Reason);

public sealed record DisputeDecisionRequest(string? Decision, string? Comment);

public sealed record EvidenceItem(int Turn, string Text, string? Note);

public sealed record DisputeResponse(
    long Id, string ConversationId, string? AgentId, string CheckId, string CheckName, string? CheckOutcome, string? EngineOutcome, string? CheckReason,
    IReadOnlyList<EvidenceItem> Evidence, string Reason, string State, DateTime CreatedAt, string? DecidedBy, string? DecisionComment, DateTime? DecidedAt,
    double Score, string Grade);

public sealed record DisputePage(IReadOnlyList<DisputeResponse> Items, int Total, int Page, int PageSize);

public sealed record CalibrationSessionResponse(int Id, string Name, string CreatedBy, DateTime CreatedAt, bool Closed, int Conversations, int Reviewers);

/// <param name="GwetAc1">Gwet's AC1: chance-corrected like κ, but stable when one outcome is rare.</param>
/// <param name="FailShare">Prevalence: the share (0–1) of judgements that were "fail".</param>
public sealed record AgreementResponse(int Subjects, int Judgements, double PercentAgreement, double? FleissKappa, double? EngineAgreement, double? GwetAc1, double? FailShare);

public sealed record CheckAgreementResponse(string CheckId, string CheckName, AgreementResponse Agreement);

public sealed record DisagreementResponse(string ConversationId, string CheckId, int Pass, int Fail, int Na, string EngineOutcome, double Agreement, double EngineAgreement);

public sealed record CalibrationResultsResponse(AgreementResponse Overall, IReadOnlyList<CheckAgreementResponse> Checks, IReadOnlyList<DisagreementResponse> MostDisagreement);

/// <summary>
/// Human review for machines: the review queue, sampling rules, a check's decision, disputes and
/// calibration results. Each endpoint names its policy; reads are scoped by the token's user.
/// </summary>
internal static class ReviewsApi
{
    public static RouteGroupBuilder MapReviewsApi(this RouteGroupBuilder api)
    {
        var reviews = api.MapGroup("/reviews").RequireAuthorization(Api.Require(Policies.Review));
        reviews.MapGet("/", ListReviewsAsync).WithName("ListReviews")
            .WithSummary("The review queue: sampled scorecards with why each was sampled, newest first (state=pending|done, rule=<id>).");
        reviews.MapPost("/{id:long}/done", CompleteReviewAsync).WithName("CompleteReview")
            .WithSummary("Marks a review-queue entry done (audited; idempotent).");
        reviews.MapPost("/resample", ResampleAsync).WithName("ResampleReviews")
            .WithSummary("Applies the enabled sampling rules (or one rule, ruleId) to the caller's scored conversations not in the queue yet; answers how many were queued.");

        var rules = api.MapGroup("/sampling-rules").RequireAuthorization(Api.Require(Policies.Review));
        rules.MapGet("/", ListRulesAsync).WithName("ListSamplingRules").WithSummary("The sampling rules that fill the review queue.");
        rules.MapPost("/", AddRuleAsync).RequireAuthorization(Api.Require(Policies.ManageSamplingRules)).WithName("AddSamplingRule")
            .WithSummary("Adds a sampling rule: kind randomPercent (0–100), allFatal, gradeAtOrBelow (a grade of the active standard), csatAtOrBelow (1–5), tag (a tag id), checkFailed (a check id), riskAtLeast (0–1) or tenureWithinDays (1–3650; agents without a hire date never match); teamDailyQuota caps it per team and conversation day. Audited.");
        rules.MapPut("/{id:int}", UpdateRuleAsync).RequireAuthorization(Api.Require(Policies.ManageSamplingRules)).WithName("UpdateSamplingRule")
            .WithSummary("Changes a sampling rule's name, parameter, enabled flag or teamDailyQuota (0 removes the cap). Audited.");

        api.MapPost("/conversations/{id}/checks/{checkId}/decision", DecideCheckAsync)
            .RequireAuthorization(Api.Require(Policies.Review))
            .WithName("DecideCheck")
            .WithSummary("A reviewer confirms or overrides one check (outcome pass|fail|na, comment); audited; answers the effective scorecard JSON.");

        var disputes = api.MapGroup("/disputes").RequireAuthorization(Api.Require());
        disputes.MapGet("/", ListDisputesAsync).WithName("ListDisputes")
            .WithSummary("Disputes you may see (agents: their own), state=open|upheld|rejected.");
        disputes.MapGet("/{id:long}", GetDisputeAsync).WithName("GetDispute").WithSummary("One dispute with the contested check's evidence.");
        disputes.MapPost("/", RaiseDisputeAsync).RequireAuthorization(Api.Require(Policies.RaiseDisputes)).WithName("RaiseDispute")
            .WithSummary("An agent contests a failed check of their own scorecard (reason required; one open dispute per check).");
        disputes.MapPost("/{id:long}/decision", DecideDisputeAsync).RequireAuthorization(Api.Require(Policies.DecideDisputes)).WithName("DecideDispute")
            .WithSummary("A QA inspector decides a dispute: uphold (the check becomes pass; figures move) or reject, with a comment. Audited.");

        var calibration = api.MapGroup("/calibration-sessions").RequireAuthorization(Api.Require(Policies.Review));
        calibration.MapGet("/", ListCalibrationAsync).WithName("ListCalibrationSessions").WithSummary("Calibration rounds you created or judge in.");
        calibration.MapGet("/{id:int}/results", CalibrationResultsAsync).WithName("GetCalibrationResults")
            .WithSummary("A closed calibration round's agreement: percent agreement and Fleiss' kappa per check, agreement with the engine, most disagreement.");
        return api;
    }

    private static async Task<Ok<ReviewPage>> ListReviewsAsync(
        HttpContext context, ReviewWorklist worklist, string? state, int? rule, int? page, int? pageSize, string? sort, CancellationToken cancellationToken)
    {
        var reviewState = string.Equals(state, "done", StringComparison.OrdinalIgnoreCase) ? ReviewState.Done : ReviewState.Pending;
        var size = Math.Clamp(pageSize ?? 50, 1, ReviewWorklist.MaxPageSize);
        var number = Paging.Page(page ?? 1);
        var byRisk = string.Equals(sort, "risk", StringComparison.OrdinalIgnoreCase);
        var (items, total) = await worklist.ListAsync(context.Viewer(), reviewState, rule, number, size, byRisk, cancellationToken);
        return TypedResults.Ok(new ReviewPage([.. items.Select(i => new ReviewItemResponse(
            i.Id, i.ConversationId, i.Channel.ToString().ToLowerInvariant(), i.AgentCode, i.TeamName, i.StartTimeUtc, i.Csat, i.Score, i.Grade, i.Fatal,
            i.RuleId, i.Reason, i.State.ToString().ToLowerInvariant(), i.CreatedAtUtc, i.CompletedAtUtc, i.CompletedBy, i.DissatisfactionRisk))], total, number, size));
    }

    private static async Task<Results<NoContent, NotFound>> CompleteReviewAsync(long id, HttpContext context, ReviewWorklist worklist, CancellationToken cancellationToken) =>
        await worklist.CompleteAsync(context.Viewer(), id, cancellationToken) == ReviewCompletion.NotFound ? TypedResults.NotFound() : TypedResults.NoContent();

    private static async Task<Results<Ok<ResampleResponse>, NotFound>> ResampleAsync(ResampleRequest? request, HttpContext context, ReviewWorklist worklist, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(new ResampleResponse(await worklist.ResampleAsync(context.Viewer(), request?.RuleId, cancellationToken)));
        }
        catch (KeyNotFoundException)
        {
            return TypedResults.NotFound();
        }
    }

    private static async Task<Ok<SamplingRuleResponse[]>> ListRulesAsync(HttpContext context, SamplingRules rules, CancellationToken cancellationToken) =>
        TypedResults.Ok((await rules.ListAsync(context.Viewer(), cancellationToken)).Select(ToResponse).ToArray());

    private static async Task<Results<Created<SamplingRuleResponse>, ValidationProblem>> AddRuleAsync(
        SamplingRuleRequest request, HttpContext context, SamplingRules rules, CancellationToken cancellationToken)
    {
        if (request.Kind is not { Length: > 0 } name || !char.IsLetter(name[0]) || !Enum.TryParse<SamplingKind>(name, ignoreCase: true, out var kind))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = ["kind must be randomPercent, allFatal, gradeAtOrBelow, csatAtOrBelow, tag, checkFailed, riskAtLeast or tenureWithinDays."] });
        }

        var viewer = context.Viewer();
        var result = await rules.AddAsync(viewer, request.Name, kind, request.Parameter, QuotaText(request.TeamDailyQuota, null), cancellationToken);
        if (!result.Succeeded)
        {
            return Invalid(result.Problems);
        }

        if (request.Enabled == false)
        {
            await rules.SetEnabledAsync(viewer, result.Rule!.Id, false, cancellationToken);
        }

        var view = (await rules.ListAsync(viewer, cancellationToken)).First(r => r.Id == result.Rule!.Id);
        return TypedResults.Created($"/api/v1/sampling-rules/{view.Id.ToString(CultureInfo.InvariantCulture)}", ToResponse(view));
    }

    private static async Task<Results<Ok<SamplingRuleResponse>, NotFound, ValidationProblem>> UpdateRuleAsync(
        int id, SamplingRuleRequest request, HttpContext context, SamplingRules rules, CancellationToken cancellationToken)
    {
        var viewer = context.Viewer();
        var current = (await rules.ListAsync(viewer, cancellationToken)).FirstOrDefault(r => r.Id == id);
        if (current is null)
        {
            return TypedResults.NotFound();
        }

        var result = await rules.UpdateAsync(viewer, id, request.Name ?? current.Name, request.Parameter ?? current.Parameter,
            QuotaText(request.TeamDailyQuota, current.TeamDailyQuota), cancellationToken);
        if (!result.Succeeded)
        {
            return Invalid(result.Problems);
        }

        if (request.Enabled is { } enabled)
        {
            await rules.SetEnabledAsync(viewer, id, enabled, cancellationToken);
        }

        return TypedResults.Ok(ToResponse((await rules.ListAsync(viewer, cancellationToken)).First(r => r.Id == id)));
    }

    private static async Task<Results<ContentHttpResult, NotFound, ValidationProblem>> DecideCheckAsync(
        string id, string checkId, CheckDecisionRequest request, HttpContext context, ConversationQueries queries, Reviews reviews, CancellationToken cancellationToken)
    {
        var viewer = context.Viewer();
        var detail = await queries.GetAsync(viewer, id, cancellationToken);
        if (detail?.ScorecardRecord is not { } card || detail.Scorecard?.Check(checkId) is null)
        {
            return TypedResults.NotFound();
        }

        if (ScorecardJsonNames.ParseOutcome(request.Outcome) is not { } outcome)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["outcome"] = ["outcome must be pass, fail or na."] });
        }

        var after = await reviews.DecideCheckAsync(viewer, card.Id, checkId, outcome, request.Comment?.Trim() ?? "", cancellationToken);
        return TypedResults.Content(ScorecardJson.ToJson(after), "application/json; charset=utf-8");
    }

    private static async Task<Ok<DisputePage>> ListDisputesAsync(
        HttpContext context, Disputes disputes, string? state, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        DisputeState? filter = state is { Length: > 0 } && char.IsLetter(state[0]) && Enum.TryParse<DisputeState>(state, ignoreCase: true, out var parsed) ? parsed : null;
        var size = Math.Clamp(pageSize ?? 50, 1, Disputes.MaxPageSize);
        var number = Paging.Page(page ?? 1);
        var (items, total) = await disputes.ListAsync(context.Viewer(), filter, number, size, cancellationToken);
        return TypedResults.Ok(new DisputePage([.. items.Select(ToResponse)], total, number, size));
    }

    private static async Task<Results<Ok<DisputeResponse>, NotFound>> GetDisputeAsync(long id, HttpContext context, Disputes disputes, CancellationToken cancellationToken) =>
        await disputes.GetAsync(context.Viewer(), id, cancellationToken) is { } dispute ? TypedResults.Ok(ToResponse(dispute)) : TypedResults.NotFound();

    private static async Task<Results<Created<DisputeResponse>, NotFound, ProblemHttpResult>> RaiseDisputeAsync(
        RaiseDisputeRequest request, HttpContext context, Disputes disputes, CancellationToken cancellationToken)
    {
        var result = await disputes.RaiseAsync(context.Viewer(), request.ConversationId ?? "", request.CheckId ?? "", request.Reason, cancellationToken);
        return result switch
        {
            { Dispute: { } dispute, Error: null } => TypedResults.Created($"/api/v1/disputes/{dispute.Id.ToString(CultureInfo.InvariantCulture)}", ToResponse(dispute)),
            { Error: DisputeError.NotFound } => TypedResults.NotFound(),
            _ => Problem(result.Error!.Value),
        };
    }

    private static async Task<Results<Ok<DisputeResponse>, NotFound, ProblemHttpResult>> DecideDisputeAsync(
        long id, DisputeDecisionRequest request, HttpContext context, Disputes disputes, CancellationToken cancellationToken)
    {
        bool uphold;
        switch (request.Decision?.Trim().ToLowerInvariant())
        {
            case "uphold":
                uphold = true;
                break;
            case "reject":
                uphold = false;
                break;
            default:
                return TypedResults.Problem("decision must be \"uphold\" or \"reject\".", statusCode: StatusCodes.Status400BadRequest, title: "Invalid decision");
        }

        var result = await disputes.DecideAsync(context.Viewer(), id, uphold, request.Comment, cancellationToken);
        return result switch
        {
            { Dispute: { } dispute, Error: null } => TypedResults.Ok(ToResponse(dispute)),
            { Error: DisputeError.NotFound } => TypedResults.NotFound(),
            _ => Problem(result.Error!.Value),
        };
    }

    private static async Task<Ok<CalibrationSessionResponse[]>> ListCalibrationAsync(HttpContext context, Calibration calibration, CancellationToken cancellationToken) =>
        TypedResults.Ok((await calibration.ListAsync(context.Viewer(), cancellationToken))
            .Select(s => new CalibrationSessionResponse(s.Id, s.Name, s.CreatedBy, s.CreatedAtUtc, s.Closed, s.Conversations, s.Reviewers)).ToArray());

    private static async Task<Results<Ok<CalibrationResultsResponse>, NotFound, ProblemHttpResult>> CalibrationResultsAsync(
        int id, HttpContext context, Calibration calibration, CancellationToken cancellationToken)
    {
        var viewer = context.Viewer();
        var session = await calibration.GetAsync(viewer, id, cancellationToken);
        if (session is null)
        {
            return TypedResults.NotFound();
        }

        if (await calibration.ResultsAsync(viewer, id, cancellationToken) is not { } results)
        {
            return TypedResults.Problem("The round is still open: results are shown once it is closed, so nobody judges under influence.",
                statusCode: StatusCodes.Status409Conflict, title: "Calibration round still open");
        }

        static AgreementResponse Figures(RaterAgreement a, double? engine) =>
            new(a.Subjects, a.Ratings, a.ObservedAgreement, a.Kappa, engine, a.Ac1, a.Prevalence.Count > 1 ? a.Prevalence[1] : null);
        return TypedResults.Ok(new CalibrationResultsResponse(
            Figures(results.Overall, results.EngineAgreement),
            [.. results.Checks.Select(c => new CheckAgreementResponse(c.CheckId, c.CheckName, Figures(c.Reviewers, c.EngineAgreement)))],
            [.. results.MostDisagreement.Select(d => new DisagreementResponse(d.ConversationId, d.CheckId, d.Pass, d.Fail, d.Na, ScorecardJsonNames.Outcome(d.EngineOutcome), d.Agreement, d.EngineAgreement))]));
    }

    private static SamplingRuleResponse ToResponse(SamplingRuleView r) =>
        new(r.Id, r.Name, JsonName(r.Kind), r.Parameter, r.Enabled, r.Pending, r.Total, r.TeamDailyQuota);

    /// <summary>The quota as the service reads it: absent keeps <paramref name="current"/>, 0 means no cap.</summary>
    private static string? QuotaText(int? requested, int? current) => (requested ?? current) switch
    {
        null or 0 => null,
        var quota => quota.Value.ToString(CultureInfo.InvariantCulture),
    };

    private static string JsonName(SamplingKind kind)
    {
        var name = kind.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static DisputeResponse ToResponse(DisputeView d) => new(
        d.Id, d.ConversationId, d.AgentCode, d.CheckId, d.CheckName,
        d.Check is { } check ? ScorecardJsonNames.Outcome(check.Outcome) : null,
        d.EngineOutcome is { } engine ? ScorecardJsonNames.Outcome(engine) : null,
        d.Check?.Reason,
        [.. (d.Check?.Evidence ?? []).Select(e => new EvidenceItem(e.Turn, e.Text, e.Note))],
        d.Reason, d.State.ToString().ToLowerInvariant(), d.CreatedAtUtc, d.DecidedBy, d.DecisionComment, d.DecidedAtUtc, d.Score, d.Grade);

    private static ValidationProblem Invalid(IReadOnlyList<InputProblem> problems) =>
        TypedResults.ValidationProblem(problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.English).ToArray()));

    private static ProblemHttpResult Problem(DisputeError error)
    {
        var status = error switch
        {
            DisputeError.NotAllowed => StatusCodes.Status403Forbidden,
            DisputeError.AlreadyOpen or DisputeError.AlreadyDecided => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        return TypedResults.Problem(Disputes.Describe(error).English, statusCode: status, title: error.ToString());
    }
}
