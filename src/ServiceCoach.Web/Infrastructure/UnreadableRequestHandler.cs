using Microsoft.AspNetCore.Diagnostics;

namespace ServiceCoach.Web;

/// <summary>
/// A page's form post that cannot be read (a NUL in a field, a malformed body) is the sender's
/// fault: it is answered 400 with a short message instead of the 500 error page, which would
/// tell an operator the server is broken. API calls are left to <see cref="ApiExceptionHandler"/>.
/// </summary>
internal sealed class UnreadableRequestHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Request.Path.StartsWithSegments("/api") || ClientErrorStatus(exception) is not { } status)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = "text/plain; charset=utf-8";
        await httpContext.Response.WriteAsync(Localization.T("请求无法读取，请检查填写的内容后重试。"), cancellationToken);
        return true;
    }

    /// <summary>The 4xx status an exception stands for, or null when it is the server's own fault.</summary>
    public static int? ClientErrorStatus(Exception exception) => exception switch
    {
        BadHttpRequestException { StatusCode: < 500 } bad => bad.StatusCode,
        InvalidDataException => StatusCodes.Status400BadRequest,
        _ => null,
    };
}
