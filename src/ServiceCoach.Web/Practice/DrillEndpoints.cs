using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using ServiceCoach.Practice;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Practice;

/// <summary>
/// What the live-drill pages post (cookie-authenticated, antiforgery-checked). Each change is stored,
/// announced to the room over SignalR, and answered with a redirect back to the room, so the page works
/// without script and a reload never says anything twice.
/// </summary>
internal static class DrillEndpoints
{
    /// <summary>A refused text longer than this is not put back into the address (request lines are limited to 8 KB).</summary>
    private const int MaxDraftInAddress = 500;

    public static WebApplication MapDrillEndpoints(this WebApplication app)
    {
        app.MapHub<DrillHub>(DrillHub.Path);
        app.MapPost(DrillPaths.Open, OpenAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/practice/drills/{roomId:long}/join", (long roomId, HttpContext context, IAntiforgery antiforgery, Drills drills, DrillBroadcast broadcast, CancellationToken cancellationToken) =>
            ChangeAsync(roomId, context, antiforgery, broadcast, (viewer, _) => drills.JoinAsync(viewer, roomId, cancellationToken), cancellationToken))
            .RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/practice/drills/{roomId:long}/rounds", (long roomId, HttpContext context, IAntiforgery antiforgery, Drills drills, DrillBroadcast broadcast, CancellationToken cancellationToken) =>
            ChangeAsync(roomId, context, antiforgery, broadcast, (viewer, _) => drills.StartRoundAsync(viewer, roomId, cancellationToken), cancellationToken))
            .RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/practice/drills/{roomId:long}/say", (long roomId, HttpContext context, IAntiforgery antiforgery, Drills drills, DrillBroadcast broadcast, CancellationToken cancellationToken) =>
            ChangeAsync(roomId, context, antiforgery, broadcast, (viewer, form) => drills.SayAsync(viewer, roomId, form["text"], QueryValues.Int(form["n"]) ?? 0, cancellationToken), cancellationToken, draftField: "text", anchor: "say"))
            .RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/practice/drills/{roomId:long}/comment", (long roomId, HttpContext context, IAntiforgery antiforgery, Drills drills, DrillBroadcast broadcast, CancellationToken cancellationToken) =>
            ChangeAsync(roomId, context, antiforgery, broadcast, (viewer, form) => drills.CommentAsync(viewer, roomId, QueryValues.Int(form["round"]) ?? 0, QueryValues.Int(form["turn"]) ?? 0, form["text"], cancellationToken), cancellationToken, draftField: "text", anchor: "comment"))
            .RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/practice/drills/{roomId:long}/end", (long roomId, HttpContext context, IAntiforgery antiforgery, Drills drills, DrillBroadcast broadcast, CancellationToken cancellationToken) =>
            ChangeAsync(roomId, context, antiforgery, broadcast, (viewer, form) => drills.EndRoundAsync(viewer, roomId, form["outcome"], cancellationToken), cancellationToken, anchor: "rounds"))
            .RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/practice/drills/{roomId:long}/close", (long roomId, HttpContext context, IAntiforgery antiforgery, Drills drills, DrillBroadcast broadcast, CancellationToken cancellationToken) =>
            ChangeAsync(roomId, context, antiforgery, broadcast, (viewer, _) => drills.CloseAsync(viewer, roomId, cancellationToken), cancellationToken))
            .RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> OpenAsync(HttpContext context, IAntiforgery antiforgery, Drills drills, CancellationToken cancellationToken)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.LocalRedirect(DrillPaths.List + "?error=expired");
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var (roomId, error) = await drills.OpenAsync(Viewer.FromPrincipal(context.User), form["scenario"].ToString(), form["title"], hostPlays: form["plays"] == "on", cancellationToken);
        return roomId is { } id ? Results.LocalRedirect(DrillPaths.Room(id))
            : error == DrillError.Forbidden ? Results.Forbid()
            : Results.LocalRedirect(DrillPaths.List + "?error=" + DrillPaths.ErrorCode(error));
    }

    private static async Task<IResult> ChangeAsync(
        long roomId,
        HttpContext context,
        IAntiforgery antiforgery,
        DrillBroadcast broadcast,
        Func<Viewer, IFormCollection, Task<(DrillError Error, int Revision)>> change,
        CancellationToken cancellationToken,
        string? draftField = null,
        string? anchor = null)
    {
        var room = DrillPaths.Room(roomId);
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.LocalRedirect(room + "?error=expired");
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var (error, revision) = await change(Viewer.FromPrincipal(context.User), form);
        switch (error)
        {
            case DrillError.None:
                await broadcast.ChangedAsync(roomId, revision, cancellationToken);
                return Results.LocalRedirect(room + (anchor is null ? "" : "#" + anchor));
            case DrillError.NotFound:
                return Results.NotFound();
            case DrillError.Forbidden:
                return Results.Forbid();
            default:
                var draft = draftField is null ? "" : form[draftField].ToString();
                return Results.LocalRedirect(room + "?error=" + DrillPaths.ErrorCode(error)
                    + (draft.Length is 0 or > MaxDraftInAddress ? "" : "&draft=" + Uri.EscapeDataString(draft)) + (anchor is null ? "" : "#" + anchor));
        }
    }
}

/// <summary>The live-drill pages' addresses and the error codes they show.</summary>
internal static class DrillPaths
{
    public const string List = "/practice/drills";

    public const string Open = "/practice/drills/open";

    public static string Room(long id) => List + "/" + id.ToString(CultureInfo.InvariantCulture);

    public static string ErrorCode(DrillError error) => error switch
    {
        DrillError.Closed => "closed",
        DrillError.NotEnoughPlayers => "players",
        DrillError.RoundRunning => "running",
        DrillError.NoRound => "no-round",
        DrillError.EmptyText => "empty",
        DrillError.TextTooLong => "too-long",
        DrillError.NoSuchTurn => "turn",
        DrillError.BadOutcome => "outcome",
        DrillError.NotFound => "scenario",
        _ => "failed",
    };
}
