using Microsoft.AspNetCore.Http.HttpResults;
using ServiceCoach.Standards;

namespace ServiceCoach.Web.Standards;

public sealed record StandardVersionItem(int Id, string StandardId, string Version, string Name, bool Active, DateTime UploadedAt, string UploadedBy);

/// <summary>/api/v1/standards: the stored standard versions.</summary>
internal static class StandardsApi
{
    public static RouteGroupBuilder MapStandardsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/standards").RequireAuthorization(Api.Require());
        group.MapGet("/", ListAsync).WithName("ListStandards").WithSummary("Every stored standard version; one is active.");
        group.MapGet("/{id:int}", YamlAsync).WithName("GetStandardYaml").WithSummary("A standard version's YAML, exactly as uploaded.");
        return api;
    }

    private static async Task<Ok<StandardVersionItem[]>> ListAsync(StandardCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok((await catalog.ListAsync(cancellationToken))
            .Select(s => new StandardVersionItem(s.Id, s.StandardId, s.Version, s.Name, s.IsActive, s.UploadedAtUtc, s.UploadedBy)).ToArray());

    private static async Task<Results<ContentHttpResult, NotFound>> YamlAsync(int id, StandardCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.FindAsync(id, cancellationToken) is { } version
            ? TypedResults.Content(version.Yaml, "application/yaml; charset=utf-8")
            : TypedResults.NotFound();
}
