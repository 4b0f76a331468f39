using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ServiceCoach.Conversations;
using ServiceCoach.Data;
using ServiceCoach.Quality;
using ServiceCoach.Quality.Reports;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Quality;

public sealed record ConversationItem(
    string Id, string Channel, string? AgentId, string? Team, DateTime? StartTime, string? Category, int? Csat, int Turns,
    double? Score, string? Grade, bool? Fatal, IReadOnlyList<string> FailedChecks, bool Reviewed,
    double? DissatisfactionRisk, IReadOnlyList<string> Tags)
{
    /// <summary>scored, pending (not scored yet) or error (scoring failed: no score; see <see cref="ScoringError"/>).</summary>
    public string Status { get; init; } = "pending";

    /// <summary>Why scoring ended in an error; null unless <see cref="Status"/> is error.</summary>
    public string? ScoringError { get; init; }
}

public sealed record ConversationList(IReadOnlyList<ConversationItem> Items, int Total, int Page, int PageSize);

public sealed record ImportErrorItem(int Line, int? Column, string? ConversationId, string Message);

/// <summary>Where an import's conversations went: a team (<c>teamId</c> null: unassigned, waiting in the unassigned queue).</summary>
public sealed record ImportDestinationItem(int? TeamId, string? Team, int Conversations);

public sealed record ImportResponse(
    long ImportId, int Read, int Imported, int Duplicates, int Rejected, IReadOnlyList<ImportErrorItem> Errors, IReadOnlyList<ImportDestinationItem>? Destinations = null);

/// <summary>/api/v1/conversations: list with filters, import, one conversation and its scorecard.</summary>
internal static class ConversationsApi
{
    public static RouteGroupBuilder MapConversationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/conversations").RequireAuthorization(Api.Require());
        group.MapGet("/", ListAsync).WithName("ListConversations").WithSummary("Conversations you may see, newest first (sort=risk: most likely dissatisfied first), with filters (tag / withoutTag: a behaviour the engine found or did not; status: scored, pending or error).");
        group.MapPost("/", ImportAsync)
            .RequireAuthorization(Api.Require(Policies.ImportConversations))
            .DisableAntiforgery()
            .Accepts<string>("application/x-ndjson", "application/json")
            .WithName("ImportConversations")
            .WithSummary("Import conversations: native JSON Lines (application/x-ndjson) or a JSON array. Idempotent by conversation id. team=ID files conversations whose agent and team the file does not name into that team; the rest with no known agent or team go to the unassigned queue.");
        group.MapGet("/{id}", GetAsync).WithName("GetConversation").WithSummary("One conversation: metadata, turns and the effective scorecard.");
        group.MapGet("/{id}/scorecard", ScorecardAsync).WithName("GetScorecard")
            .WithSummary("The conversation's scorecard, in the same JSON as one line of `servicecoach qa score --format json` (reviewers' overrides applied). 409 with the reason when scoring it ended in an error; 404 when it does not exist or is not scored yet.");

        var imports = api.MapGroup("/imports").RequireAuthorization(Api.Require(Policies.ImportConversations));
        imports.MapGet("/{id:long}", ImportStatusAsync).WithName("GetImport")
            .WithSummary("An import's counts (committed so far while it runs) and how many of its scoring jobs are done. Admins and QA inspectors see every import; others their own.");
        imports.MapGet("/{id:long}/errors", ImportErrorsAsync).WithName("GetImportErrors").WithSummary("The rejected records of an import, one per line (line, column when known, reason).");
        return api;
    }

    private static async Task<Ok<ConversationList>> ListAsync(
        HttpContext context, ConversationQueries queries, OrganisationTime organisationTime,
        int? page, int? pageSize, string? agent, int? team, DateTime? from, DateTime? to, string? grade, string? failedCheck,
        string? channel, string? category, string? q, bool? fatal, string? tag, string? withoutTag, string? sort, string? status, CancellationToken cancellationToken)
    {
        var filter = new ConversationFilter
        {
            Agent = agent,
            TeamId = team,
            FromUtc = from is { } f ? organisationTime.ToUtc(f) : null,
            ToUtc = to is { } t ? organisationTime.ToUtc(t) : null,
            Grade = grade,
            FailedCheck = failedCheck,
            Channel = Enum.TryParse<Channel>(channel, ignoreCase: true, out var parsed) ? parsed : null,
            Category = category,
            Search = q,
            Fatal = fatal,
            Tag = tag,
            WithoutTag = withoutTag,
            State = ScoringStates.Parse(status),
            Order = string.Equals(sort, "risk", StringComparison.OrdinalIgnoreCase) ? ConversationOrder.Risk : ConversationOrder.Newest,
        };
        var size = pageSize ?? 50;
        var (items, total) = await queries.ListAsync(context.Viewer(), filter, page ?? 1, size, cancellationToken);
        return TypedResults.Ok(new ConversationList([.. items.Select(ToItem)], total, Paging.Page(page ?? 1), Math.Clamp(size, 1, ConversationQueries.MaxPageSize)));
    }

    internal static ConversationItem ToItem(ConversationSummary s) => new(
        s.ExternalId, s.Channel.ToString().ToLowerInvariant(), s.AgentCode, s.TeamName, s.StartTimeUtc, s.Category, s.Csat, s.TurnCount,
        s.Score, s.Grade, s.Fatal, s.FailedChecks is { } failed ? failed.Split(',', StringSplitOptions.RemoveEmptyEntries) : [], s.Reviewed,
        s.DissatisfactionRisk, s.Tags is { } tags ? tags.Split(',', StringSplitOptions.RemoveEmptyEntries) : [])
    {
        Status = ScoringStates.Name(ScoringStates.Of(s)),
        ScoringError = s.ScoringError,
    };

    private static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportAsync(
        HttpContext context, ConversationImport import, ImportHistory history, DatabaseSettings settings, ImportLimits limits, int? team, CancellationToken cancellationToken)
    {
        if (team is { } teamId && await import.DefaultTeamProblemAsync(context.Viewer(), teamId, cancellationToken) is { } teamProblem)
        {
            return TypedResults.Problem(teamProblem == "not-found" ? $"There is no team {teamId}." : $"You may import only into a team you lead; team {teamId} is not one of yours.",
                statusCode: StatusCodes.Status400BadRequest, title: "Unknown team");
        }

        var contentType = context.Request.ContentType ?? "";
        var isArray = contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);
        if (!isArray && !contentType.StartsWith("application/x-ndjson", StringComparison.OrdinalIgnoreCase) && !contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem("Send native JSON Lines as application/x-ndjson, or a JSON array of conversations as application/json.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type");
        }

        var tooLarge = TypedResults.Problem($"At most {limits.MaxMegabytes} MB per request: split the file (conversations sent twice count as duplicates).",
            statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large");
        if (!limits.Admits(context.Request))
        {
            return tooLarge;
        }

        // The body goes to a file first: the importers read synchronously and a crash mid-upload must not leave half an import.
        limits.AllowBody(context);
        string upload;
        try
        {
            upload = await Uploads.SaveAsync(context.Request.Body, settings, ".jsonl", cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return tooLarge;
        }

        try
        {
            if (await Uploads.IsBlankAsync(upload, cancellationToken))
            {
                return TypedResults.Problem("The body is empty: there is nothing to import. Send JSON Lines (one conversation per line) or a JSON array of conversations.",
                    statusCode: StatusCodes.Status400BadRequest, title: "Empty body");
            }

            if (isArray && await Uploads.ArrayToJsonLinesAsync(upload, cancellationToken) is { } problem)
            {
                return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "Not a JSON array of conversations");
            }

            await using var stream = File.OpenRead(upload);
            var outcome = await import.ImportAsync(stream, isArray ? "request (JSON array; line N = item N)" : "request.jsonl", context.Viewer(), team, null, cancellationToken);
            var destinations = await history.DestinationsAsync(context.Viewer(), outcome.ImportId, cancellationToken);
            return TypedResults.Ok(new ImportResponse(
                outcome.ImportId, outcome.Read, outcome.Imported, outcome.Duplicates, outcome.Rejected,
                [.. outcome.Errors.Select(e => new ImportErrorItem(e.Line, e.Column, e.RecordId, e.Message))],
                [.. destinations.Select(d => new ImportDestinationItem(d.TeamId, d.TeamName, d.Conversations))]));
        }
        finally
        {
            File.Delete(upload);
        }
    }

    private static async Task<Results<Ok<ConversationDetailResponse>, NotFound>> GetAsync(string id, HttpContext context, ConversationQueries queries, CancellationToken cancellationToken)
    {
        var detail = await queries.GetAsync(context.Viewer(), id, cancellationToken);
        return detail is null ? TypedResults.NotFound() : TypedResults.Ok(ConversationDetailResponse.From(detail));
    }

    private static async Task<Results<ContentHttpResult, NotFound, ProblemHttpResult>> ScorecardAsync(string id, HttpContext context, ConversationQueries queries, CancellationToken cancellationToken)
    {
        var detail = await queries.GetAsync(context.Viewer(), id, cancellationToken);
        return detail switch
        {
            { Scorecard: { } card } => TypedResults.Content(ScorecardJson.ToJson(card), "application/json; charset=utf-8"),

            // The conversation exists but has no scorecard and never will under this standard: say why, not "not found".
            { ScoringError: { } error } => TypedResults.Problem(error.Reason, title: "The conversation could not be scored.", statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.NotFound(),
        };
    }

    private static async Task<Results<Ok<ImportStatus>, NotFound>> ImportStatusAsync(long id, HttpContext context, ImportHistory history, CancellationToken cancellationToken)
    {
        var import = await history.GetAsync(context.Viewer(), id, cancellationToken);
        return import is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(new ImportStatus(import.Id, import.FileName, import.State.ToString().ToLowerInvariant(), import.Read, import.Imported, import.Duplicates,
                import.Rejected, import.ScoringJobs, import.ScoringJobsDone, import.ScoringJobsFailed));
    }

    private static async Task<Results<ContentHttpResult, NotFound>> ImportErrorsAsync(long id, HttpContext context, ImportHistory history, CancellationToken cancellationToken)
    {
        var report = await history.ErrorReportAsync(context.Viewer(), id, cancellationToken);
        return report is null ? TypedResults.NotFound() : TypedResults.Content(report, "text/plain; charset=utf-8");
    }
}

public sealed record ImportStatus(long Id, string FileName, string State, int Read, int Imported, int Duplicates, int Rejected, int ScoringJobs, int ScoringJobsDone, int ScoringJobsFailed);

public sealed record TurnItem(string Speaker, string Text, long? Start, long? End);

public sealed record ConversationDetailResponse(
    string Id, string Channel, string? AgentId, string? Team, DateTime? StartTime, string? Category, int? Csat,
    IReadOnlyList<TurnItem> Turns, JsonElement? Scorecard)
{
    /// <summary>scored, pending (not scored yet) or error (scoring failed: no scorecard; see <see cref="ScoringError"/>).</summary>
    public string Status { get; init; } = "pending";

    /// <summary>Why scoring ended in an error (the check and the limit for a budget error); null otherwise.</summary>
    public string? ScoringError { get; init; }

    internal static ConversationDetailResponse From(ConversationDetail detail)
    {
        var c = detail.Conversation;
        JsonElement? card = detail.Scorecard is { } scorecard ? JsonDocument.Parse(ScorecardJson.ToJson(scorecard)).RootElement : null;
        return new ConversationDetailResponse(
            c.Id, c.Channel.ToString().ToLowerInvariant(), c.AgentId, c.Team, detail.Record.StartTimeUtc, c.Category, c.Csat,
            [.. c.Turns.Select(t => new TurnItem(t.Speaker.ToString().ToLowerInvariant(), t.Text, t.StartMs, t.EndMs))], card)
        {
            Status = ScoringStates.Name(ScoringStates.Of(detail)),
            ScoringError = detail.ScoringError?.Reason,
        };
    }
}

/// <summary>Uploaded bodies land in the data folder's uploads/ before they are imported.</summary>
internal static class Uploads
{
    public static async Task<string> SaveAsync(Stream body, DatabaseSettings settings, string extension, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(settings.DataFolder, "uploads");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}{extension}");
        try
        {
            await using var file = File.Create(path);
            await body.CopyToAsync(file, cancellationToken);
            return path;
        }
        catch
        {
            // An upload cut short (too large, the client gone) leaves nothing behind.
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Removes uploads last written before <paramref name="beforeUtc"/>: left behind by a server killed mid-import.</summary>
    /// <returns>How many were removed.</returns>
    public static int RemoveAbandoned(DatabaseSettings settings, DateTime beforeUtc)
    {
        var folder = new DirectoryInfo(Path.Combine(settings.DataFolder, "uploads"));
        if (!folder.Exists)
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in folder.EnumerateFiles())
        {
            if (file.LastWriteTimeUtc < beforeUtc)
            {
                try
                {
                    file.Delete();
                    removed++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // In use on a system that locks open files: it is someone's running import; the next start tries again.
                }
            }
        }

        return removed;
    }

    /// <summary>True when the upload holds nothing but white space (an empty upload is refused, not imported as nothing).</summary>
    public static async Task<bool> IsBlankAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return await IsBlankAsync(file, cancellationToken);
    }

    public static async Task<bool> IsBlankAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var first = true;
        int read;
        while ((read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken)) > 0)
        {
            var content = buffer.AsSpan(0, read);

            // A byte-order mark alone is no content either.
            if (first && content.StartsWith("\uFEFF"u8))
            {
                content = content[3..];
            }

            first = false;
            if (content.IndexOfAnyExcept(" \t\r\n"u8) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Rewrites a JSON array file as JSON Lines in place (one element per line); returns a problem text when it is not an array.</summary>
    public static async Task<string?> ArrayToJsonLinesAsync(string path, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            await using var input = File.OpenRead(path);
            document = await JsonDocument.ParseAsync(input, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            return $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}";
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return "Expected a JSON array of conversations: [ {\"id\": …, \"turns\": […]}, … ].";
            }

            await using var output = new StreamWriter(path, append: false);
            foreach (var element in document.RootElement.EnumerateArray())
            {
                await output.WriteLineAsync(element.GetRawText().Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
            }
        }

        return null;
    }
}
