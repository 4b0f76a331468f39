using System.Threading.RateLimiting;

namespace ServiceCoach.Web;

/// <summary>
/// How many API calls and exam autosaves a node works on at once; the rest wait in line, oldest
/// first. Each such request does several database round trips: two thousand learners pressing
/// "start" together would otherwise all hold (or wait for) a pooled connection at the same time
/// and time out together. In line they are served at the node's full speed, and a request that
/// finds the line full gets 503 with Retry-After, which the exam page retries, instead of a
/// timeout. Pages, static files, health and the drill hub are not held back.
/// Settings: <c>ServiceCoach:ConcurrentRequests</c> (default 16) and <c>ServiceCoach:RequestQueue</c>
/// (default 10,000) — docs/deployment.md.
/// </summary>
internal static class RequestAdmission
{
    public const int DefaultConcurrentRequests = 16;
    public const int DefaultQueue = 10_000;
    private const string Partition = "database-work";

    public static IServiceCollection AddRequestAdmission(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = Math.Max(1, configuration.GetValue("ServiceCoach:ConcurrentRequests", DefaultConcurrentRequests));
        var queue = Math.Max(0, configuration.GetValue("ServiceCoach:RequestQueue", DefaultQueue));
        return services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsAdmitted(context.Request)
                ? RateLimitPartition.GetConcurrencyLimiter(Partition, _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = permits,
                    QueueLimit = queue,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                })
                : RateLimitPartition.GetNoLimiter(""));
            options.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            options.OnRejected = async (rejected, _) =>
            {
                var response = rejected.HttpContext.Response;
                response.Headers.RetryAfter = "2";
                await TypedResults.Problem("The server is busy; retry after 2 seconds.", statusCode: StatusCodes.Status503ServiceUnavailable)
                    .ExecuteAsync(rejected.HttpContext);
            };
        });
    }

    /// <summary>The API and the exam page's autosave; everything else passes straight through.</summary>
    internal static bool IsAdmitted(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || (HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/training/attempts", StringComparison.OrdinalIgnoreCase));
}
