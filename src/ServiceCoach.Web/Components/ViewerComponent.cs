using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Components;

/// <summary>A page that needs to know who is looking: every service call passes the viewer, which scopes the data.</summary>
public abstract class ViewerComponent : ComponentBase
{
    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>The organisation's time zone: every time a page shows is a wall-clock time there.</summary>
    [Inject]
    protected OrganisationTime Organisation { get; set; } = default!;

    /// <summary>A UTC time as the organisation's wall-clock time ("" for none).</summary>
    protected string LocalTime(DateTime? utc, string format = "yyyy-MM-dd HH:mm") => Organisation.Format(utc, format);

    protected async Task<Viewer> ViewerAsync()
    {
        var state = await (AuthenticationState ?? throw new InvalidOperationException("No authentication state."));
        return Viewer.FromPrincipal(state.User);
    }
}
