using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceCoach.Conversations;
using ServiceCoach.Data;
using ServiceCoach.Quality;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Quality;

/// <summary>The largest file the import page and the import API accept (<c>ServiceCoach:MaxImportMegabytes</c>, default 1024).</summary>
public sealed record ImportLimits(long MaxBytes)
{
    public long MaxMegabytes => MaxBytes / (1024 * 1024);

    /// <summary>False when the request says it is larger than allowed.</summary>
    public bool Admits(HttpRequest request, long overhead = 0) => !(request?.ContentLength > MaxBytes + overhead);

    /// <summary>Lets this request's body be as large as an import may be (the server's default for every other request is 30 MB).</summary>
    public void AllowBody(HttpContext context, long overhead = 0)
    {
        if (context?.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = MaxBytes + overhead;
        }
    }
}

/// <summary>Why an upload was refused before anything was imported; the page explains each (<see cref="ImportEndpoints.Explain"/>).</summary>
public enum UploadProblem
{
    NoFile,
    Empty,
    TooLarge,
    UnknownFormat,
    ExpiredForm,

    /// <summary>The chosen default team does not exist or is not one the uploader leads.</summary>
    NotYourTeam,
}

/// <summary>What a script gets back for an accepted upload: where to follow the import.</summary>
public sealed record UploadAccepted(long ImportId, string Page, string Status);

/// <summary>What the import page polls: the counts committed so far, the share of the file read, scoring progress.</summary>
public sealed record ImportProgressView(
    long Id, string State, int Read, int Imported, int Duplicates, int Rejected, double? Fraction,
    int ScoringJobs, int ScoringJobsDone, int ScoringJobsFailed, bool ScoringFinished);

/// <summary>
/// The import page's endpoints (cookie-authenticated; the upload is antiforgery-checked). The
/// upload works as a plain multipart form post (answered with a redirect to the import's page)
/// and from wwwroot/js/import.js (answered with JSON, so the script can show upload progress and
/// then poll the import's status).
/// </summary>
internal static class ImportEndpoints
{
    public const string FileField = "file";
    public const string FormatField = "format";
    public const string TeamField = "team";

    /// <summary>Multipart framing and the other fields around the file.</summary>
    private const long FormOverheadBytes = 64 * 1024;

    public static WebApplication MapImportEndpoints(this WebApplication app)
    {
        app.MapPost("/import/upload", UploadAsync)
            .RequireAuthorization(Policies.ImportConversations)
            .ExcludeFromDescription();
        app.MapGet("/import/{id:long}/status", StatusAsync)
            .RequireAuthorization(Policies.ImportConversations)
            .ExcludeFromDescription();
        app.MapGet("/import/{id:long}/errors", ErrorsAsync)
            .RequireAuthorization(Policies.ImportConversations)
            .ExcludeFromDescription();
        app.MapGet("/help/formats.md", FormatReference)
            .RequireAuthorization()
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>The form's format choices: "auto" (by extension, else by content) or one format.</summary>
    public static ConversationFormat? ParseFormat(string? value, out bool valid)
    {
        valid = true;
        switch (value)
        {
            case null or "" or "auto":
                return null;
            case "jsonl":
                return ConversationFormat.JsonLines;
            case "csv":
                return ConversationFormat.Csv;
            case "contact-lens":
                return ConversationFormat.ContactLens;
            default:
                valid = false;
                return null;
        }
    }

    public static string Explain(UploadProblem problem, ImportLimits limits) => problem switch
    {
        UploadProblem.NoFile => Localization.T("请选择要导入的文件。"),
        UploadProblem.Empty => Localization.T("文件是空的，没有可导入的会话。"),
        UploadProblem.TooLarge => Localization.T("文件太大：每次最多导入 {0} MB。请把文件拆开分批导入（重复导入的会话会计为重复，不会重复保存）。", limits.MaxMegabytes),
        UploadProblem.UnknownFormat => Localization.T("无法识别文件格式：请把文件命名为 .jsonl（JSON Lines）、.csv 或 .json（Contact Lens），或在「格式」中选择。"),
        UploadProblem.NotYourTeam => Localization.T("只能导入到您带领的班组：请重新选择班组。"),
        _ => Localization.T("表单已过期，请刷新页面后重新上传。"),
    };

    public static string Code(UploadProblem problem) => problem switch
    {
        UploadProblem.NoFile => "no-file",
        UploadProblem.Empty => "empty",
        UploadProblem.TooLarge => "too-large",
        UploadProblem.UnknownFormat => "unknown-format",
        UploadProblem.NotYourTeam => "not-your-team",
        _ => "expired-form",
    };

    public static UploadProblem? ParseCode(string? code) => Enum.GetValues<UploadProblem>().Cast<UploadProblem?>().FirstOrDefault(p => Code(p!.Value) == code);

    private static async Task<IResult> UploadAsync(
        HttpContext context, IAntiforgery antiforgery, ImportRunner runner, ConversationImport import, ImportLimits limits, DatabaseSettings settings, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!limits.Admits(request, FormOverheadBytes))
        {
            return Refuse(context, UploadProblem.TooLarge, limits);
        }

        if (!request.HasFormContentType)
        {
            return Refuse(context, UploadProblem.NoFile, limits);
        }

        limits.AllowBody(context, FormOverheadBytes);
        context.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions { MultipartBodyLengthLimit = limits.MaxBytes + FormOverheadBytes }));
        IFormCollection form;
        try
        {
            await antiforgery.ValidateRequestAsync(context);
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (AntiforgeryValidationException)
        {
            return Refuse(context, UploadProblem.ExpiredForm, limits, StatusCodes.Status400BadRequest);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Refuse(context, UploadProblem.TooLarge, limits);
        }
        catch (InvalidDataException)
        {
            // The multipart reader's limit: the file is larger than the form allows.
            return Refuse(context, UploadProblem.TooLarge, limits);
        }

        if (form.Files.GetFile(FileField) is not { } file || string.IsNullOrEmpty(file.FileName))
        {
            return Refuse(context, UploadProblem.NoFile, limits);
        }

        if (file.Length == 0 || await IsBlankAsync(file, cancellationToken))
        {
            return Refuse(context, UploadProblem.Empty, limits);
        }

        if (file.Length > limits.MaxBytes)
        {
            return Refuse(context, UploadProblem.TooLarge, limits);
        }

        var format = ParseFormat(form[FormatField].ToString(), out var knownChoice);
        var fileName = SafeFileName(file.FileName);
        if (!knownChoice || (format is null && !await CanTellFormatAsync(file, fileName, cancellationToken)))
        {
            return Refuse(context, UploadProblem.UnknownFormat, limits);
        }

        int? defaultTeam = null;
        if (form[TeamField].ToString() is { Length: > 0 } teamText)
        {
            if (!int.TryParse(teamText, NumberStyles.None, CultureInfo.InvariantCulture, out var teamId)
                || await import.DefaultTeamProblemAsync(Viewer.FromPrincipal(context.User), teamId, cancellationToken) is not null)
            {
                return Refuse(context, UploadProblem.NotYourTeam, limits);
            }

            defaultTeam = teamId;
        }

        // The upload outlives this request (the import runs in the background): it goes to the data folder first.
        string path;
        await using (var upload = file.OpenReadStream())
        {
            path = await Uploads.SaveAsync(upload, settings, ".upload", cancellationToken);
        }

        var importId = await runner.StartAsync(path, fileName, format, Viewer.FromPrincipal(context.User), defaultTeam, cancellationToken);
        var page = PageUrl(importId);
        return WantsJson(request)
            ? TypedResults.Json(new UploadAccepted(importId, page, $"{page}/status"), statusCode: StatusCodes.Status202Accepted)
            : TypedResults.LocalRedirect(page);
    }

    private static async Task<IResult> StatusAsync(long id, HttpContext context, ImportHistory history, ImportRunner runner, CancellationToken cancellationToken)
    {
        var import = await history.GetAsync(Viewer.FromPrincipal(context.User), id, cancellationToken);
        if (import is null)
        {
            return TypedResults.NotFound();
        }

        var fraction = import.State == ImportState.Running ? runner.Fraction(id) : 1;
        return TypedResults.Json(new ImportProgressView(
            import.Id, import.State.ToString().ToLowerInvariant(), import.Read, import.Imported, import.Duplicates, import.Rejected, fraction,
            import.ScoringJobs, import.ScoringJobsDone, import.ScoringJobsFailed, import.ScoringFinished));
    }

    private static async Task<IResult> ErrorsAsync(long id, HttpContext context, ImportHistory history, CancellationToken cancellationToken)
    {
        var report = await history.ErrorReportAsync(Viewer.FromPrincipal(context.User), id, cancellationToken);
        return report is null
            ? TypedResults.NotFound()
            : TypedResults.File(Encoding.UTF8.GetBytes(report), "text/plain; charset=utf-8", $"import-{id.ToString(CultureInfo.InvariantCulture)}-errors.txt");
    }

    /// <summary>docs/formats.md as shipped with this server, shown as text (it reads well as it is).</summary>
    private static FileStreamHttpResult FormatReference()
    {
        var stream = typeof(ImportEndpoints).Assembly.GetManifestResourceStream("ServiceCoach.Web.docs.formats.md")
            ?? throw new InvalidOperationException("docs/formats.md is missing from the web assembly.");
        return TypedResults.Stream(stream, "text/plain; charset=utf-8");
    }

    public static string PageUrl(long importId) => $"/import/{importId.ToString(CultureInfo.InvariantCulture)}";

    private static IResult Refuse(HttpContext context, UploadProblem problem, ImportLimits limits, int statusCode = StatusCodes.Status400BadRequest)
    {
        if (!WantsJson(context.Request))
        {
            return TypedResults.LocalRedirect($"/import?error={Code(problem)}");
        }

        var status = problem switch
        {
            UploadProblem.TooLarge => StatusCodes.Status413PayloadTooLarge,
            UploadProblem.UnknownFormat => StatusCodes.Status415UnsupportedMediaType,
            _ => statusCode,
        };
        return TypedResults.Problem(Explain(problem, limits), statusCode: status, title: Code(problem));
    }

    /// <summary>The page's script asks for JSON; a plain form post (no script) gets redirects.</summary>
    private static bool WantsJson(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));

    /// <summary>The name as the person knows it (no folders a browser may send), for the import record and its error lines.</summary>
    private static string SafeFileName(string name)
    {
        var fileName = Path.GetFileName(name.Replace('\\', '/'));
        fileName = new string([.. fileName.Where(c => !char.IsControl(c))]).Trim();
        return fileName.Length == 0 ? "upload" : fileName.Length > 200 ? fileName[^200..] : fileName;
    }

    private static async Task<bool> IsBlankAsync(IFormFile file, CancellationToken cancellationToken)
    {
        await using var stream = file.OpenReadStream();
        return await Uploads.IsBlankAsync(stream, cancellationToken);
    }

    private static async Task<bool> CanTellFormatAsync(IFormFile file, string fileName, CancellationToken cancellationToken)
    {
        var head = new byte[4096];
        await using var stream = file.OpenReadStream();
        var length = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        return ConversationReader.DetectFormat(fileName, head.AsSpan(0, length)) is not null;
    }
}
