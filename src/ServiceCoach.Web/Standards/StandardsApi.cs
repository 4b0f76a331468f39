using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceCoach.Standards;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Standards;

public sealed record StandardVersionItem(int Id, string StandardId, string Version, string Name, bool Active, DateTime UploadedAt, string UploadedBy, DateTime? ActivatedAt)
{
    internal static StandardVersionItem From(StandardVersionRecord s) => new(s.Id, s.StandardId, s.Version, s.Name, s.IsActive, s.UploadedAtUtc, s.UploadedBy, s.ActivatedAtUtc);
}

/// <summary>One problem of an uploaded standard file, where an editor would show it (1-based line and column).</summary>
public sealed record StandardProblemItem(string File, int Line, int Column, string Message)
{
    internal static StandardProblemItem From(StandardProblem p) => new(p.Location.File, p.Location.Line, p.Location.Column, p.Message);
}

/// <summary>/api/v1/standards: the stored standard versions; upload, activate and try out a version.</summary>
internal static class StandardsApi
{
    /// <summary>The shipped default is about 60 KB; a standard a hundred times larger is a mistake, not a standard.</summary>
    public const int MaxYamlBytes = 4 * 1024 * 1024;

    private static readonly string[] YamlContentTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain"];

    public static RouteGroupBuilder MapStandardsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/standards").RequireAuthorization(Api.Require());
        group.MapGet("/", ListAsync).WithName("ListStandards").WithSummary("Every stored standard version; one is active.");
        group.MapGet("/{id:int}", YamlAsync).WithName("GetStandardYaml").WithSummary("A standard version's YAML, exactly as uploaded.");
        group.MapPost("/", UploadAsync)
            .RequireAuthorization(Api.Require(Policies.ManageStandards))
            .DisableAntiforgery()
            .Accepts<string>("application/yaml", "text/plain")
            .WithName("UploadStandard")
            .WithSummary("Uploads a standard file (the YAML as the body). 201 with the new, inactive version; 422 with every problem as {file, line, column, message} and nothing stored.");
        group.MapPost("/{id:int}/activate", ActivateAsync)
            .RequireAuthorization(Api.Require(Policies.ManageStandards))
            .WithName("ActivateStandard")
            .WithSummary("Makes a version the active one: conversations imported from now on are scored with it. Only with ?confirm=true; without it nothing changes and the answer (428) names the version it would replace and the one it would activate. Audited.");
        group.MapPost("/{id:int}/what-if", WhatIfAsync)
            .RequireAuthorization(Api.Require(Policies.ManageStandards))
            .WithName("StandardWhatIf")
            .WithSummary("Re-scores the most recent scored conversations (sample, default 200, at most 2000) with this version and compares with their current effective scorecards: pass rate per check, mean score, grades, and the conversations whose grade or fatal flag would change. Stores nothing.");
        return api;
    }

    private static async Task<Ok<StandardVersionItem[]>> ListAsync(StandardCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok((await catalog.ListAsync(cancellationToken)).Select(StandardVersionItem.From).ToArray());

    private static async Task<Results<ContentHttpResult, NotFound>> YamlAsync(int id, StandardCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.FindAsync(id, cancellationToken) is { } version
            ? TypedResults.Content(version.Yaml, "application/yaml; charset=utf-8")
            : TypedResults.NotFound();

    private static async Task<Results<Created<StandardVersionItem>, Ok<StandardVersionItem>, ProblemHttpResult>> UploadAsync(
        HttpContext context, StandardCatalog catalog, CancellationToken cancellationToken)
    {
        var contentType = context.Request.ContentType ?? "";
        if (!YamlContentTypes.Any(t => contentType.StartsWith(t, StringComparison.OrdinalIgnoreCase)))
        {
            return TypedResults.Problem("Send the standard's YAML as the body, with Content-Type application/yaml or text/plain.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type");
        }

        var yaml = await ReadLimitedAsync(context.Request.Body, MaxYamlBytes, cancellationToken);
        if (yaml is null)
        {
            return TypedResults.Problem($"A standard file may be at most {MaxYamlBytes / (1024 * 1024)} MB.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "The standard file is too large");
        }

        var result = await catalog.UploadAsync(yaml, "request.yaml", context.Viewer(), cancellationToken);
        if (result.Version is not { } version)
        {
            return Invalid(result.Problems);
        }

        var item = StandardVersionItem.From(version);
        return result.AlreadyStored
            ? TypedResults.Ok(item)
            : TypedResults.Created($"/api/v1/standards/{version.Id.ToString(CultureInfo.InvariantCulture)}", item);
    }

    internal static ProblemHttpResult Invalid(IReadOnlyList<StandardProblem> problems) => TypedResults.Problem(
        detail: problems.Count == 1
            ? "The standard has 1 problem; nothing was stored."
            : $"The standard has {problems.Count.ToString(CultureInfo.InvariantCulture)} problems; nothing was stored.",
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: "The standard is not valid",
        extensions: new Dictionary<string, object?> { ["problems"] = problems.Select(StandardProblemItem.From).ToArray() });

    private static async Task<Results<Ok<StandardVersionItem>, NotFound, ProblemHttpResult>> ActivateAsync(
        int id, bool? confirm, HttpContext context, StandardCatalog catalog, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(id, cancellationToken) is not { } candidate)
        {
            return TypedResults.NotFound();
        }

        // Activation changes how every new conversation is scored: a script must say it means it, as a person confirms on the page.
        if (confirm != true)
        {
            var active = (await catalog.ListAsync(cancellationToken)).FirstOrDefault(v => v.IsActive);
            return TypedResults.Problem(
                detail: $"Activating '{candidate.StandardId}' version '{candidate.Version}' would replace " +
                    (active is null ? "no active version" : $"'{active.StandardId}' version '{active.Version}'") +
                    ". Nothing was changed; repeat the request with ?confirm=true to activate it.",
                statusCode: StatusCodes.Status428PreconditionRequired,
                title: "Activation needs confirmation",
                extensions: new Dictionary<string, object?>
                {
                    ["replaces"] = active is null ? null : StandardVersionItem.From(active),
                    ["activates"] = StandardVersionItem.From(candidate),
                });
        }

        await catalog.ActivateAsync(id, context.Viewer(), cancellationToken);
        return TypedResults.Ok(StandardVersionItem.From((await catalog.FindAsync(id, cancellationToken))!));
    }

    private static async Task<Results<Ok<WhatIfReport>, NotFound>> WhatIfAsync(int id, int? sample, HttpContext context, WhatIf whatIf, CancellationToken cancellationToken) =>
        await whatIf.RunAsync(context.Viewer(), id, sample ?? WhatIf.DefaultSample, cancellationToken) is { } report
            ? TypedResults.Ok(report)
            : TypedResults.NotFound();

    /// <summary>The body as UTF-8 text, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    internal static async Task<string?> ReadLimitedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        // A byte-order mark is not part of the YAML.
        var text = new UTF8Encoding(false).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }
}
