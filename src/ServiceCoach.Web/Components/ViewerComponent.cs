using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Components;

/// <summary>A page that needs to know who is looking: every service call passes the viewer, which scopes the data.</summary>
public abstract class ViewerComponent : ComponentBase
{
    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    protected async Task<Viewer> ViewerAsync()
    {
        var state = await (AuthenticationState ?? throw new InvalidOperationException("No authentication state."));
        return Viewer.FromPrincipal(state.User);
    }
}
