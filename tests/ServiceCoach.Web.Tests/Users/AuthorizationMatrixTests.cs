using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.StaticAssets;
using ServiceCoach.Data;
using ServiceCoach.Users;
using ServiceCoach.Web.Tests.Infrastructure;
using ServiceCoach.Web.Users;

namespace ServiceCoach.Web.Tests.Users;

/// <summary>
/// Who may call what, for every operation in /openapi/v1.json, every page and every form post,
/// derived from the endpoints' own authorization metadata and <see cref="Policies.RolesFor"/>:
/// nobody can add an endpoint without deciding who may reach it, and what was decided holds —
/// no credentials get 401 (or the sign-in page), every role outside the policy gets 403 (or the
/// access-denied page), every role inside it gets through.
/// </summary>
public sealed class AuthorizationMatrixTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The only API operation anyone may call: it is how a machine gets a token.</summary>
    private static readonly HashSet<string> AnonymousOperations = ["IssueToken"];

    /// <summary>
    /// API operations any signed-in user may call, deliberately: each scopes its answer by the
    /// caller (an agent sees only their own conversations and disputes; a user only their own tokens),
    /// or shows what every role needs (the standards they are scored by). A new operation without
    /// a policy must be added here on purpose.
    /// </summary>
    private static readonly HashSet<string> AnySignedInOperations =
    [
        "ListConversations", "GetConversation", "GetScorecard", "ListStandards", "GetStandardYaml", "ListDisputes", "GetDispute",
        "ListExams", "StartAttempt", "GetAttempt", "SaveAnswers", "SubmitAttempt", "GetCompositeGrade", "ExportXApi",
    ];

    /// <summary>Endpoints outside /api/v1 that anyone may reach, by route pattern: signing in, the errors, documentation, health.</summary>
    private static readonly HashSet<string> AnonymousRoutes =
    [
        "/account/login", "/account/access-denied", "/not-found", "/error", "/culture", "/health",
        "/verify/{Code}", // a certificate's public verification page: whoever holds the certificate shows it to others
        "/openapi/{documentName}.json", "/api/reference/{documentName?}", "/api/reference/favicon.svg",
    ];

    /// <summary>The API reference page's own scripts and styles (Scalar): documentation of the API, public like the document itself.</summary>
    private const string ReferenceAssets = "/api/reference/";

    /// <summary>Blazor's own plumbing: the circuit hub (pages rendered over it are authorized by AuthorizeRouteView) and its redirect helper.</summary>
    private static readonly string[] FrameworkRoutePrefixes = ["/_blazor", "/_framework/"];

    /// <summary>Static files from the build output (UseStaticWebAssets) that are not mapped one by one: CSS and scripts, public by nature.</summary>
    private const string StaticFileFallback = "/{**path}";

    [Fact]
    public async Task EveryEndpoint_NamesWhoMayReachIt_OrIsDeliberatelyAnonymous()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        var problems = new List<string>();

        foreach (var endpoint in RouteEndpoints(app))
        {
            var route = Route(endpoint);
            if (endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null || route == StaticFileFallback
                || FrameworkRoutePrefixes.Any(p => route.StartsWith(p, StringComparison.Ordinal))
                || (route.StartsWith(ReferenceAssets, StringComparison.Ordinal) && !AnonymousRoutes.Contains(route)))
            {
                continue;
            }

            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var authorized = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any();
            var allowedAnonymous = AnonymousRoutes.Contains(route) || (endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is { } name && AnonymousOperations.Contains(name));
            if (allowedAnonymous && !anonymous)
            {
                problems.Add($"{route} is listed as anonymous but does not say [AllowAnonymous].");
            }
            else if (!allowedAnonymous && (anonymous || !authorized))
            {
                problems.Add($"{route} ({Methods(endpoint)}) is reachable without signing in: give it RequireAuthorization(...) or list it as deliberately anonymous.");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task EveryApiEndpoint_IsDocumented_AcceptsOnlyTokens_AndNamesAPolicyOrIsDeliberatelyOpenToAnySignedInUser()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        var documented = (await OperationsAsync(app)).Select(o => (o.Method, o.Path)).ToHashSet();
        var problems = new List<string>();

        foreach (var endpoint in RouteEndpoints(app).Where(e => Route(e).StartsWith("/api/v1/", StringComparison.Ordinal)))
        {
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            var route = Route(endpoint);
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                if (!documented.Contains((method, route)))
                {
                    problems.Add($"{method} {route} is not in /openapi/v1.json: give it WithName and WithSummary.");
                }
            }

            if (name is not null && AnonymousOperations.Contains(name))
            {
                continue;
            }

            var rules = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            if (rules.Count == 0 || rules.Any(r => r.AuthenticationSchemes != ApiTokenAuthenticationHandler.SchemeName))
            {
                problems.Add($"{name ?? route} must authenticate with API tokens only: RequireAuthorization(Api.Require(...)).");
            }

            var named = rules.Where(r => r.Policy is not null).Select(r => r.Policy!).ToList();
            problems.AddRange(named.Where(p => !Policies.RolesFor.ContainsKey(p)).Select(p => $"{name} names the unknown policy {p}."));
            if (named.Count == 0 && (name is null || !AnySignedInOperations.Contains(name)))
            {
                problems.Add($"{name ?? route} lets any signed-in user in: name a policy, or list it as deliberately open to every role.");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task EveryApiOperation_Is401WithoutAToken_403ForRolesOutsideItsPolicy_AndOpenToRolesInside(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var operations = await OperationsAsync(app);
        var endpoints = RouteEndpoints(app).ToList();
        var clients = new Dictionary<string, HttpClient>();
        foreach (var role in Roles.All)
        {
            clients[role] = await app.ApiClientAsRoleAsync(role);
        }

        using var anonymous = app.CreateClient();
        using var adminCookie = await CookieSession.SignInAsync(app, app.UserWithRole(Roles.Admin));
        var problems = new List<string>();
        Assert.True(operations.Count >= 20, $"Only {operations.Count} operations in /openapi/v1.json.");

        foreach (var operation in operations)
        {
            var endpoint = endpoints.Single(e => Route(e) == operation.Path && (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(operation.Method) ?? false));
            var url = operation.Url();
            var who = $"{operation.Method} {url} ({operation.Name})";
            var contentType = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes is [var accepted, ..] ? accepted : null;
            if (AnonymousOperations.Contains(operation.Name))
            {
                var open = await SendAsync(anonymous, operation.Method, url, contentType);
                Expect(problems, who, "anonymous", open, status => status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden));
                continue;
            }

            Expect(problems, who, "anonymous", await SendAsync(anonymous, operation.Method, url, contentType), status => status == HttpStatusCode.Unauthorized);
            Expect(problems, who, "admin's sign-in cookie", await SendAsync(adminCookie.Client, operation.Method, url, contentType), status => status == HttpStatusCode.Unauthorized);

            var allowed = AllowedRoles(endpoint);
            foreach (var role in Roles.All)
            {
                var response = await SendAsync(clients[role], operation.Method, url, contentType);
                if (allowed.Contains(role))
                {
                    Expect(problems, who, role, response, status => status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden));
                }
                else
                {
                    Expect(problems, who, role, response, status => status == HttpStatusCode.Forbidden);
                }
            }
        }

        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task EveryPage_SendsStrangersToSignIn_ShowsAccessDeniedToRolesOutsideItsPolicy_AndOpensForRolesInside(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var pages = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (Type: t, r.Template)))
            .ToList();
        Assert.Contains(pages, p => p.Template == "/conversations/{Id}");
        foreach (var page in PagesThatMustBeCovered)
        {
            Assert.Contains(pages, p => p.Template == page);
        }

        var sessions = new Dictionary<string, CookieSession>();
        foreach (var role in Roles.All)
        {
            sessions[role] = await CookieSession.SignInAsync(app, app.UserWithRole(role));
        }

        using var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        var problems = new List<string>();

        foreach (var (type, template) in pages)
        {
            var url = FillRoute(template);
            var anonymousAllowed = type.GetCustomAttribute<AllowAnonymousAttribute>() is not null;
            var rules = type.GetCustomAttributes<AuthorizeAttribute>().ToList();
            if (anonymousAllowed == (rules.Count > 0))
            {
                problems.Add($"{type.Name} must say either [Authorize(...)] or [AllowAnonymous], not {(anonymousAllowed ? "both" : "neither")}.");
                continue;
            }

            if (anonymousAllowed)
            {
                Assert.Contains(template, AnonymousRoutes);
                continue;
            }

            var stranger = await anonymous.GetAsync(url, Cancel);
            if (RedirectPath(stranger) != "/account/login")
            {
                problems.Add($"GET {url} ({type.Name}) anonymous: {(int)stranger.StatusCode} {stranger.Headers.Location}, expected a redirect to /account/login.");
            }

            var allowed = AllowedRoles(rules);
            foreach (var role in Roles.All)
            {
                var response = await sessions[role].Client.GetAsync(url, Cancel);
                var redirect = RedirectPath(response);
                if (allowed.Contains(role))
                {
                    if (redirect is "/account/login" or "/account/access-denied" || response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    {
                        problems.Add($"GET {url} ({type.Name}) as {role}: {(int)response.StatusCode} {response.Headers.Location}, but {role} may use it.");
                    }
                }
                else if (redirect != "/account/access-denied")
                {
                    problems.Add($"GET {url} ({type.Name}) as {role}: {(int)response.StatusCode} {response.Headers.Location}, expected the access-denied page.");
                }
                else if (!(await sessions[role].GetPageAsync(response.Headers.Location!.ToString())).Contains("无权访问", StringComparison.Ordinal))
                {
                    problems.Add($"GET {url} ({type.Name}) as {role}: the access-denied page did not say so.");
                }
            }
        }

        foreach (var session in sessions.Values)
        {
            session.Dispose();
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task EveryFormPost_SendsStrangersToSignIn_AndRolesOutsideItsPolicyToAccessDenied(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        var forms = RouteEndpoints(app)
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is ["POST"] && e.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
            .Where(e => !Route(e).StartsWith("/api/", StringComparison.Ordinal) && !FrameworkRoutePrefixes.Any(p => Route(e).StartsWith(p, StringComparison.Ordinal)))
            .ToList();
        Assert.Contains(forms, e => Route(e) == "/account/logout");
        var sessions = new Dictionary<string, CookieSession>();
        foreach (var role in Roles.All)
        {
            sessions[role] = await CookieSession.SignInAsync(app, app.UserWithRole(role));
        }

        using var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        var problems = new List<string>();

        foreach (var endpoint in forms)
        {
            var url = FillRoute(((RouteEndpoint)endpoint).RoutePattern.RawText!);
            using (var empty = new FormUrlEncodedContent([]))
            {
                var stranger = await anonymous.PostAsync(url, empty, Cancel);
                if (RedirectPath(stranger) != "/account/login")
                {
                    problems.Add($"POST {url} anonymous: {(int)stranger.StatusCode} {stranger.Headers.Location}, expected a redirect to /account/login.");
                }
            }

            var allowed = AllowedRoles(endpoint);
            foreach (var role in Roles.All.Where(r => !allowed.Contains(r)))
            {
                var response = await sessions[role].PostWithoutTokenAsync(url, []);
                if (RedirectPath(response) != "/account/access-denied")
                {
                    problems.Add($"POST {url} as {role}: {(int)response.StatusCode} {response.Headers.Location}, expected the access-denied page.");
                }
            }
        }

        foreach (var session in sessions.Values)
        {
            session.Dispose();
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>Pages that form posts redirect to: found here, so a renamed route (and a 404 after saving) fails this test.</summary>
    private static readonly string[] PagesThatMustBeCovered =
        ["/complaints/board", "/complaints/templates", "/complaints/calendars", "/notifications/settings", "/complaints/new", "/notifications"];

    /// <summary>A conversation of the demo organisation and one of the default standard's checks: real records, so allowed calls reach real code.</summary>
    private const string ConversationId = "demo-w0-s-chat-001";
    private const string CheckId = "jargon-ratio";

    private static string FillRoute(string template)
    {
        var pattern = RoutePatternFactory.Parse(template);
        var url = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            url.Append('/');
            foreach (var part in segment.Parts)
            {
                url.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => Plausible(parameter.Name, parameter.ParameterPolicies.Any(p => p.Content is "int" or "long")),
                    _ => throw new InvalidOperationException(template),
                });
            }
        }

        return url.Length == 0 ? "/" : url.ToString();
    }

    private static string Plausible(string name, bool integer) =>
        integer ? "1" : name.Equals("checkId", StringComparison.OrdinalIgnoreCase) ? CheckId : name.Equals("id", StringComparison.OrdinalIgnoreCase) ? ConversationId : "x";

    private static HashSet<string> AllowedRoles(Endpoint endpoint) => AllowedRoles(endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>());

    /// <summary>Every rule on an endpoint must be satisfied: the roles of each named policy and each role list, intersected.</summary>
    private static HashSet<string> AllowedRoles(IEnumerable<IAuthorizeData> rules)
    {
        var allowed = Roles.All.ToHashSet(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (rule.Policy is { } policy)
            {
                allowed.IntersectWith(Policies.RolesFor[policy]);
            }

            if (rule.Roles is { } roles)
            {
                allowed.IntersectWith(roles.Split(',', StringSplitOptions.TrimEntries));
            }
        }

        return allowed;
    }

    private static IEnumerable<RouteEndpoint> RouteEndpoints(ServiceCoachApp app) => app.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    /// <summary>A route as /openapi/v1.json writes it: parameters without constraints, no trailing slash.</summary>
    private static string Route(RouteEndpoint endpoint)
    {
        var segments = endpoint.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => "{" + (parameter.IsCatchAll ? "**" : "") + parameter.Name + (parameter.IsOptional ? "?" : "") + "}",
            _ => "",
        })));
        var route = "/" + string.Join('/', segments);
        return route.Length > 1 ? route.TrimEnd('/') : route;
    }

    private static string Methods(Endpoint endpoint) => string.Join(",", endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["any method"]);

    private static string? RedirectPath(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found && response.Headers.Location is { } location
            ? new Uri(new Uri("http://localhost"), location).AbsolutePath
            : null;

    /// <summary>
    /// Sends a body in the first content type the endpoint accepts: routing answers 415 to any
    /// other type before authorization runs, which would hide the 401/403 this test is about.
    /// </summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url, string? contentType = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = contentType is null || contentType.Contains("json", StringComparison.OrdinalIgnoreCase)
                ? JsonContent.Create(new { })
                : new StringContent("", Encoding.UTF8, contentType);
        }

        return await client.SendAsync(request, Cancel);
    }

    private static void Expect(List<string> problems, string operation, string caller, HttpResponseMessage response, Func<HttpStatusCode, bool> expected)
    {
        if (!expected(response.StatusCode))
        {
            problems.Add($"{operation} as {caller}: {(int)response.StatusCode} {response.StatusCode}.");
        }
    }

    private static async Task<List<Operation>> OperationsAsync(ServiceCoachApp app)
    {
        using var client = app.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Cancel));
        var operations = new List<Operation>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                var integers = method.Value.TryGetProperty("parameters", out var parameters)
                    ? parameters.EnumerateArray()
                        .Where(p => p.GetProperty("in").GetString() == "path" && p.TryGetProperty("schema", out var s) && s.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "integer")
                        .Select(p => p.GetProperty("name").GetString()!).ToHashSet()
                    : [];
                operations.Add(new Operation(method.Name.ToUpperInvariant(), path.Name, method.Value.GetProperty("operationId").GetString()!, integers));
            }
        }

        return operations;
    }

    private sealed record Operation(string Method, string Path, string Name, IReadOnlySet<string> IntegerParameters)
    {
        public string Url() => System.Text.RegularExpressions.Regex.Replace(Path, "{([^}]+)}", m => Plausible(m.Groups[1].Value, IntegerParameters.Contains(m.Groups[1].Value)));
    }
}
