using Microsoft.AspNetCore.Diagnostics;

namespace ServiceCoach.Web;

/// <summary>
/// An unexpected error in an API call is answered as application/problem+json (status 500, or the
/// status a bad request carries), never with the HTML error page people get. Pages fall through to
/// the exception handler's /error page.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}.")]
    private static partial void Failed(ILogger logger, string method, string path, Exception error);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.Path.StartsWithSegments("/api"))
        {
            return false;
        }

        var status = UnreadableRequestHandler.ClientErrorStatus(exception) ?? StatusCodes.Status500InternalServerError;
        if (status >= StatusCodes.Status500InternalServerError)
        {
            Failed(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = status,
                Title = status >= 500 ? "An unexpected error occurred" : "Bad request",
                Detail = status >= 500 ? "The error has been logged. Please try again; if it persists, report it with the traceId." : exception.Message,
            },
        });
    }
}
