using System.Text;
using ServiceCoach.Standards;

namespace ServiceCoach.Web.Standards;

/// <summary>The standard pages' download: a version's YAML as a file, for anyone signed in (the pages' cookie, not a token).</summary>
internal static class StandardEndpoints
{
    public static WebApplication MapStandardEndpoints(this WebApplication app)
    {
        app.MapGet("/standards/{id:int}/yaml", DownloadAsync).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> DownloadAsync(int id, StandardCatalog catalog, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(id, cancellationToken) is not { } version)
        {
            return Results.NotFound();
        }

        var fileName = $"{version.StandardId}@{version.Version}.yaml";
        return Results.File(Encoding.UTF8.GetBytes(version.Yaml), "application/yaml; charset=utf-8", fileName);
    }
}
