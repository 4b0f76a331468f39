using Microsoft.AspNetCore.Http.HttpResults;
using ServiceCoach.Conversations;
using ServiceCoach.Insights;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Insights;

public sealed record DashboardResponse(
    DateOnly From, DateOnly To, int? Team, string? Channel, int MinConversations,
    DashboardFigures Totals,
    IReadOnlyList<DashboardCheck> Checks,
    IReadOnlyList<DashboardGrade> Grades,
    IReadOnlyList<DashboardWeek> Weeks,
    IReadOnlyList<DashboardAgent> WorstAgents,
    IReadOnlyList<DashboardTeam> WorstTeams,
    IReadOnlyList<DashboardTeamOption> Teams)
{
    internal static DashboardResponse Of(QualityDashboardResult r) => new(
        r.From, r.To, r.TeamId, r.Channel?.ToString().ToLowerInvariant(), r.MinConversations,
        r.Totals, r.Checks, r.Grades, r.Weeks, r.WorstAgents, r.WorstTeams, r.Teams);
}

/// <summary>/api/v1/dashboard: the quality dashboard's figures, from the daily rollups.</summary>
internal static class DashboardApi
{
    public static RouteGroupBuilder MapDashboardApi(this RouteGroupBuilder api)
    {
        api.MapGet("/dashboard", GetAsync)
            .RequireAuthorization(Api.Require(Policies.ViewDashboards))
            .WithName("GetDashboard")
            .WithSummary("Quality figures for a date range (from/to, yyyy-MM-dd, UTC days, default the last 8 ISO weeks), team and channel: pass rate per check, grades, weekly trend, worst agents and teams (minConversations, default 10). Supervisors see their own teams.");
        return api;
    }

    private static async Task<Results<Ok<DashboardResponse>, ProblemHttpResult>> GetAsync(
        HttpContext context, QualityDashboard dashboard, DateOnly? from, DateOnly? to, int? team, string? channel, int? minConversations,
        CancellationToken cancellationToken)
    {
        Channel? parsed = null;
        if (channel is { Length: > 0 })
        {
            if (!Enum.TryParse<Channel>(channel, ignoreCase: true, out var value) || !Enum.IsDefined(value))
            {
                return TypedResults.Problem($"Unknown channel '{channel}'; use chat, phone or email.", statusCode: StatusCodes.Status400BadRequest, title: "Unknown channel");
            }

            parsed = value;
        }

        var filter = new DashboardFilter { From = from, To = to, TeamId = team, Channel = parsed, MinConversations = minConversations };
        if (!dashboard.TryResolveRange(filter, out _, out _, out var problem))
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Invalid date range");
        }
        return TypedResults.Ok(DashboardResponse.Of(await dashboard.GetAsync(context.Viewer(), filter, cancellationToken)));
    }
}
