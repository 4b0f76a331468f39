using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ServiceCoach.Data;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Tests.Infrastructure;

/// <summary>
/// API calls and exam autosaves wait in line for a working slot (RequestAdmission): with every slot
/// taken and the line full, the next call is told to come back (503, Retry-After, problem details)
/// instead of piling onto the database; pages and health are never held back.
/// </summary>
public sealed class QueueingApiCallsInABurstTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithEverySlotTakenAndNoRoomInLine_AnApiCallGets503WithRetryAfter_WhilePagesAndHealthAnswer()
    {
        await using var app = await ServiceCoachApp.StartAsync(DatabaseProvider.Sqlite, settings: new()
        {
            ["ServiceCoach:ConcurrentRequests"] = "1",
            ["ServiceCoach:RequestQueue"] = "0",
        });
        using var client = await app.ApiClientAsRoleAsync(Roles.Agent);
        var limiter = app.Service<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;

        using (var held = await limiter.AcquireAsync(ApiCall(), cancellationToken: Cancel))
        {
            Assert.True(held.IsAcquired);
            var busy = await client.GetAsync("/api/v1/training/exams", Cancel);
            var health = await client.GetAsync("/health", Cancel);
            var login = await client.GetAsync("/account/login", Cancel);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.Equal("2", busy.Headers.RetryAfter?.ToString());
            Assert.Equal("application/problem+json", busy.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/training/exams", Cancel)).StatusCode);
    }

    [Fact]
    public async Task ACallThatFindsEverySlotTaken_WaitsInLine_AndIsServedWhenOneFrees()
    {
        await using var app = await ServiceCoachApp.StartAsync(DatabaseProvider.Sqlite, settings: new()
        {
            ["ServiceCoach:ConcurrentRequests"] = "1",
        });
        using var client = await app.ApiClientAsRoleAsync(Roles.Agent);
        var limiter = app.Service<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;
        var held = await limiter.AcquireAsync(ApiCall(), cancellationToken: Cancel);

        var waiting = client.GetAsync("/api/v1/training/exams", Cancel);
        while (!waiting.IsCompleted && limiter.GetStatistics(ApiCall())?.CurrentQueuedCount != 1)
        {
            await Task.Delay(10, Cancel);
        }

        var servedWhileHeld = waiting.IsCompleted;
        held.Dispose();

        Assert.False(servedWhileHeld);
        Assert.Equal(HttpStatusCode.OK, (await waiting).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/v1/conversations", true)]
    [InlineData("PUT", "/api/v1/training/attempts/7/answers", true)]
    [InlineData("POST", "/training/attempts/7/answers", true)]
    [InlineData("GET", "/training/attempts/7", false)]
    [InlineData("GET", "/health", false)]
    [InlineData("GET", "/conversations", false)]
    [InlineData("POST", "/hubs/drills/negotiate", false)]
    public void WhatWaitsInLine_IsTheApiAndTheExamAutosave(string method, string path, bool admitted)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = method;
        request.Path = path;

        Assert.Equal(admitted, RequestAdmission.IsAdmitted(request));
    }

    private static DefaultHttpContext ApiCall()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/api/v1/training/exams";
        return context;
    }
}
