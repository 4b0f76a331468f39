using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using ServiceCoach.Practice;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Practice;

/// <summary>
/// Pushes "the room changed" to everyone watching a live drill. Changes themselves are plain form posts
/// (<see cref="DrillEndpoints"/>), so the hub carries no data a page could not read anyway: it only
/// tells a page its copy is behind, and the page fetches itself again. With several server nodes the
/// Redis backplane carries these messages between nodes (docs/deployment.md).
/// </summary>
[Authorize]
public sealed class DrillHub(Drills drills) : Hub
{
    public const string Path = "/hubs/drills";

    /// <summary>The client method a change is announced with; its argument is the room's revision.</summary>
    public const string ChangedMethod = "changed";

    public static string Group(long roomId) => "drill-" + roomId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Follows a room: its members and whoever runs it only.</summary>
    public async Task Watch(long roomId)
    {
        if (Context.User is not { } user || !await drills.MayWatchAsync(Viewer.FromPrincipal(user), roomId, Context.ConnectionAborted))
        {
            throw new HubException("Not a member of this drill room.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, Group(roomId), Context.ConnectionAborted);
    }
}

/// <summary>Announces a room's new revision to the pages watching it.</summary>
public sealed class DrillBroadcast(IHubContext<DrillHub> hub)
{
    public Task ChangedAsync(long roomId, int revision, CancellationToken cancellationToken = default) =>
        hub.Clients.Group(DrillHub.Group(roomId)).SendAsync(DrillHub.ChangedMethod, revision, cancellationToken);
}
