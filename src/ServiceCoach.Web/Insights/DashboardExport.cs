using System.Globalization;
using ServiceCoach.Conversations;
using ServiceCoach.Insights;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Insights;

/// <summary>
/// The dashboard's figures as one CSV or XLSX table (<c>/export/dashboard?format=csv|xlsx</c> with
/// the dashboard's own from/to/team/channel/minConversations): one row per figure, a
/// <c>section</c> column saying which part of the dashboard it is (totals, check, grade, week,
/// agent, team). The viewer's scope applies, as on the page.
/// </summary>
internal static class DashboardExport
{
    public static WebApplication MapDashboardExport(this WebApplication app)
    {
        app.MapGet("/export/dashboard", ExportAsync).RequireAuthorization(Policies.ViewDashboards).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ExportAsync(HttpContext context, QualityDashboard dashboard, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var pdf = query["format"] == "pdf";
        var format = TableExport.ParseFormat(query["format"]);
        if (format is null && !pdf)
        {
            return Results.BadRequest();
        }

        static DateOnly? Day(string? text) => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        var filter = new DashboardFilter
        {
            From = Day(query["from"]),
            To = Day(query["to"]),
            TeamId = QueryValues.Int(query["team"]),
            Channel = Enum.TryParse<Channel>(query["channel"], true, out var channel) && Enum.IsDefined(channel) ? channel : null,
            MinConversations = QueryValues.Int(query["minConversations"]),
        };
        if (!dashboard.TryResolveRange(filter, out _, out _, out _))
        {
            return Results.BadRequest();
        }

        var r = await dashboard.GetAsync(Viewer.FromPrincipal(context.User), filter, cancellationToken);
        if (pdf)
        {
            return Pdf(r, context.RequestServices.GetRequiredService<OrganisationTime>(), context.RequestServices.GetRequiredService<TimeProvider>());
        }
        var rows = new List<IReadOnlyList<object?>>
        {
            Row("totals", "", $"{r.From:yyyy-MM-dd}..{r.To:yyyy-MM-dd}", r.Totals),
        };
        rows.AddRange(r.Checks.Select(c => (IReadOnlyList<object?>)["check", c.CheckId, c.Name, c.Passed + c.Failed + c.NotApplicable, null, null, c.Passed, c.Failed, c.NotApplicable, c.PassRate]));
        rows.AddRange(r.Grades.Select(g => (IReadOnlyList<object?>)["grade", g.Grade, g.Name, g.Conversations, null, null, null, null, null, null]));
        rows.AddRange(r.Weeks.Select(w => Row("week", w.Label, w.Monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), w.Figures)));
        rows.AddRange(r.WorstAgents.Select(a => Row("agent", a.AgentCode, a.TeamName ?? "", a.Figures)));
        rows.AddRange(r.WorstTeams.Select(t => Row("team", t.TeamId.ToString(CultureInfo.InvariantCulture), t.TeamName, t.Figures)));
        return TableExport.File("dashboard", format!.Value,
            ["section", "key", "name", "conversations", "mean_score", "fatal", "passed", "failed", "not_applicable", "pass_rate"], rows);
    }

    private static IResult Pdf(QualityDashboardResult r, OrganisationTime time, TimeProvider clock)
    {
        var team = r.TeamId is { } id ? r.Teams.FirstOrDefault(t => t.Id == id)?.Name ?? id.ToString(CultureInfo.InvariantCulture) : "全部团队 all teams";
        var scope = team + (r.Channel is { } channel ? " · " + channel.ToString().ToLowerInvariant() : "");
        try
        {
            return Results.File(DashboardPdf.Render(r, scope, time, clock.GetUtcNow()), "application/pdf",
                $"dashboard-{r.From:yyyy-MM-dd}-{r.To:yyyy-MM-dd}.pdf");
        }
        catch (InvalidOperationException e) when (!ServiceCoach.Pdf.CjkPdfFont.Available)
        {
            return Results.Text(e.Message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static IReadOnlyList<object?> Row(string section, string key, string name, DashboardFigures f) =>
        [section, key, name, f.Conversations, f.MeanScore, f.Fatal, null, null, null, null];
}
