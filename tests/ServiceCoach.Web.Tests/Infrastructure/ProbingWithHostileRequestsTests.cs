using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using ServiceCoach.Data;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Tests.Infrastructure;

/// <summary>
/// Every API operation in /openapi/v1.json and every page, asked with the values an attacker or a
/// careless script sends (int.MaxValue, year 1 and year 9999, 5,000 characters, NUL, broken
/// JSON): nothing answers 500, and every API error is application/problem+json, never HTML.
/// </summary>
public sealed class ProbingWithHostileRequestsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string ConversationId = "demo-w0-s-chat-001";

    private static readonly string[] Integers = ["2147483647", "-2147483648", "0", "-1", "99999999999999999999", "1.5", "abc"];

    private static readonly string[] Dates = ["0001-01-01", "9999-12-31", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59.9999999-14:00", "2026-02-30", "x"];

    private static readonly string[] Texts = [new string('x', 5000), "\0", "'\"<script>;--", "../../etc/passwd", "\u202e\ud83d\ude00", "%", "\ud800"];

    private static readonly string[] Booleans = ["maybe", "2"];

    private static string[] ValuesFor(string name, string type, string? format) => type switch
    {
        "integer" or "number" => Integers,
        "boolean" => Booleans,
        _ when format is "date" or "date-time" || name is "from" or "to" => [.. Dates, .. Texts],
        _ => Texts,
    };

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task EveryApiReadOperation_AnswersHostileParametersWithoutA500_AndItsErrorsAsProblemDetails(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await app.ApiClientAsRoleAsync(Roles.Admin);
        var problems = new List<string>();
        var sent = 0;

        foreach (var operation in (await OperationsAsync(app)).Where(o => o.Method == "GET"))
        {
            foreach (var parameter in operation.Parameters)
            {
                // The in-memory test server refuses a path with NUL itself (Kestrel answers 400); queries carry it through.
                foreach (var value in ValuesFor(parameter.Name, parameter.Type, parameter.Format).Where(v => parameter.In == "query" || !v.Contains('\0', StringComparison.Ordinal)))
                {
                    var url = operation.Url(parameter.Name, value);
                    using var response = await admin.GetAsync(url, Cancel);
                    sent++;
                    await ExpectAsync(problems, $"GET {url}", response, api: true);
                }
            }
        }

        Assert.True(sent > 100, $"only {sent} requests were sent");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task EveryApiWriteOperation_AnswersBrokenBodiesWithoutA500_AndItsErrorsAsProblemDetails(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await app.ApiClientAsRoleAsync(Roles.Admin);
        string[] bodies = ["{", "null", "[]", "\"x\"", "{\"outcome\":123,\"kind\":{},\"name\":[1],\"ruleId\":\"x\"}", "{\"x\":1e999}", "\u0000\u00ff", new string('[', 10_000)];
        var problems = new List<string>();

        foreach (var operation in (await OperationsAsync(app)).Where(o => o.Method is "POST" or "PUT" && o.Name != "StandardWhatIf"))
        {
            foreach (var body in bodies)
            {
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method), operation.Url())
                {
                    Content = new StringContent(body, Encoding.UTF8, operation.ContentType ?? "application/json"),
                };
                using var response = await admin.SendAsync(request, Cancel);
                await ExpectAsync(problems, $"{operation.Method} {operation.Url()} with {body[..Math.Min(body.Length, 20)]}", response, api: true);
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task EveryPage_AnswersHostileQueryParametersWithoutAnErrorPage(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await CookieSession.SignInAsync(app, DemoSeeder.AdminUserName);
        var problems = new List<string>();
        var sent = 0;
        var probed = new HashSet<string>(StringComparer.Ordinal);
        var pages = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (Type: t, r.Template)))
            .Where(p => p.Template is not "/error" and not "/account/login")
            .ToList();

        foreach (var (type, template) in pages)
        {
            var path = FillRoute(template);
            var parameters = type.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
                .Select(p => (Property: p, Query: p.GetCustomAttribute<SupplyParameterFromQueryAttribute>()))
                .Where(p => p.Query is not null);
            foreach (var (property, query) in parameters)
            {
                var name = query!.Name ?? property.Name;
                probed.Add(template);
                var kind = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                var values = kind == typeof(int) || kind == typeof(long) ? Integers : ValuesFor(name, kind == typeof(bool) ? "boolean" : "string", null);
                foreach (var value in values)
                {
                    var url = $"{path}?{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}";
                    using var response = await admin.Client.GetAsync(url, Cancel);
                    sent++;
                    await ExpectAsync(problems, $"GET {url[..Math.Min(url.Length, 120)]}", response, api: false);
                }
            }
        }

        Assert.True(sent > 50, $"only {sent} requests were sent");
        // The pages whose numbers and ids come from the query (bound as strings, parsed leniently) were asked too.
        foreach (var page in (string[])["/complaints/board", "/complaints/templates", "/complaints/calendars", "/notifications/settings", "/complaints/new", "/complaints"])
        {
            Assert.Contains(page, probed);
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task ExportsAndSupervisorForms_AnswerHostileValuesWithoutA500(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await CookieSession.SignInAsync(app, DemoSeeder.AdminUserName);
        var problems = new List<string>();
        string[] hostile = ["", "abc", "-1", "99999999999999999999", "' OR 1=1 --", "%00", "\u0000", new string('x', 5000)];
        foreach (var list in new[] { "/export/conversations", "/export/review", "/export/disputes" })
        {
            foreach (var name in new[] { "format", "from", "to", "team", "import", "rule", "state", "sort", "assigned", "grade", "channel" })
            {
                foreach (var value in hostile)
                {
                    var url = $"{list}?format=csv&{name}={Uri.EscapeDataString(value)}";
                    using var response = await admin.Client.GetAsync(url, Cancel);
                    await ExpectAsync(problems, $"GET {url[..Math.Min(url.Length, 120)]}", response, api: false);
                }
            }
        }

        string conversation;
        await using (var db = await app.Service<IDbContextFactory<ServiceCoachDbContext>>().CreateDbContextAsync(Cancel))
        {
            conversation = await db.Scorecards.Select(s => s.Conversation!.ExternalId).FirstAsync(Cancel);
        }

        foreach (var value in hostile)
        {
            var forms = new (string Page, string Action, Dictionary<string, string> Fields)[]
            {
                ("/unassigned", "/unassigned/assign", new() { ["conversation"] = value, ["target"] = value, ["import"] = value }),
                ("/unassigned", "/unassigned/assign", new() { ["conversation"] = "1", ["target"] = "1:" + value }),
                ("/agent-mappings", "/agent-mappings", new() { ["external"] = value, ["agent"] = value }),
                ("/review", "/review/assign", new() { ["item"] = value, ["reviewer"] = value }),
                ($"/conversations/{conversation}", $"/conversations/{Uri.EscapeDataString(conversation)}/review/bulk", new() { ["check.greeting"] = value, ["comment"] = value, ["done"] = value }),
            };
            foreach (var (page, action, fields) in forms)
            {
                using var response = await admin.PostFormAsync(page, action, fields);
                await ExpectAsync(problems, $"POST {action} ({value[..Math.Min(value.Length, 20)]})", response, api: false);
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task TheLanguageSwitch_WithARedirectToAnotherSite_GoesHome()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        foreach (var target in new[] { "/\\evil.example", "//evil.example", "/\\/evil.example", "/\t/evil.example", "https://evil.example" })
        {
            using var response = await client.GetAsync($"/culture?c=en&redirect={Uri.EscapeDataString(target)}", Cancel);

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/", response.Headers.Location!.ToString());
        }

        using var local = await client.GetAsync("/culture?c=en&redirect=%2Fconversations%3Fq%3D1", Cancel);
        Assert.Equal("/conversations?q=1", local.Headers.Location!.ToString());
    }

    [Fact]
    public async Task SigningIn_WithAReturnUrlToAnotherSite_GoesHome()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        var user = app.UserWithRole(Roles.Trainer);
        var (session, refused) = await CookieSession.TrySignInAsync(app, user, "Not-the-password-1");
        using (session)
        {
            const string Login = "/account/login?ReturnUrl=%2F%5Cevil.example";
            using var response = await session.PostFormAsync(Login, Login, new()
            {
                ["_handler"] = "login",
                ["Input.UserName"] = user,
                ["Input.Password"] = app.PasswordOf(user),
            });

            Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("http://localhost/", new Uri(new Uri("http://localhost"), response.Headers.Location!).ToString());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task TheDashboard_FromYearOneToYear9999_IsABadRequestNotA500(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await app.ApiClientAsRoleAsync(Roles.Admin);

        using var whole = await admin.GetAsync("/api/v1/dashboard?from=0001-01-01&to=9999-12-31", Cancel);
        using var last = await admin.GetAsync("/api/v1/dashboard?from=9999-12-30&to=9999-12-31", Cancel);

        foreach (var response in new[] { whole, last })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task APageNumberOfIntMaxValue_IsAnEmptyPage(DatabaseProvider provider)
    {
        var app = await fixture.AppAsync(provider);
        using var admin = await app.ApiClientAsRoleAsync(Roles.Admin);

        foreach (var list in new[] { "/api/v1/conversations", "/api/v1/disputes", "/api/v1/reviews", "/api/v1/audit" })
        {
            using var response = await admin.GetAsync($"{list}?page=2147483647", Cancel);

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{list}: {(int)response.StatusCode}");
            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
            Assert.Equal(0, page.RootElement.GetProperty("items").GetArrayLength());
        }
    }

    [Fact]
    public async Task ApiErrorsWithoutABody_AreProblemDetailsToo()
    {
        var app = await fixture.AppAsync(DatabaseProvider.Sqlite);
        using var anonymous = app.CreateClient();
        using var admin = await app.ApiClientAsRoleAsync(Roles.Admin);

        var answers = new Dictionary<string, HttpResponseMessage>
        {
            ["no token"] = await anonymous.GetAsync("/api/v1/conversations", Cancel),
            ["no such route"] = await admin.GetAsync("/api/v1/no-such-thing", Cancel),
            ["no such conversation"] = await admin.GetAsync("/api/v1/conversations/no-such-conversation", Cancel),
            ["wrong method"] = await admin.DeleteAsync("/api/v1/conversations", Cancel),
            ["not a number"] = await admin.GetAsync("/api/v1/conversations?page=abc", Cancel),
        };

        foreach (var (what, response) in answers)
        {
            Assert.True(response.StatusCode >= HttpStatusCode.BadRequest, what);
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{what}: {(int)response.StatusCode} {response.Content.Headers.ContentType}");
            response.Dispose();
        }
    }

    private static async Task ExpectAsync(List<string> problems, string request, HttpResponseMessage response, bool api)
    {
        if (response.StatusCode == HttpStatusCode.InternalServerError)
        {
            var body = await response.Content.ReadAsStringAsync(Cancel);
            problems.Add($"{request}: 500 {body[..Math.Min(body.Length, 200)]}");
        }
        else if (api && (int)response.StatusCode >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            problems.Add($"{request}: {(int)response.StatusCode} as {response.Content.Headers.ContentType?.ToString() ?? "no content type"}, not application/problem+json");
        }
    }

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
                    RoutePatternParameterPart parameter => parameter.ParameterPolicies.Any(p => p.Content is "int" or "long") ? "1" : parameter.Name.Equals("id", StringComparison.OrdinalIgnoreCase) ? ConversationId : "x",
                    _ => throw new InvalidOperationException(template),
                });
            }
        }

        return url.ToString();
    }

    private sealed record Parameter(string Name, string In, string Type, string? Format);

    private sealed record Operation(string Method, string Path, string Name, IReadOnlyList<Parameter> Parameters, string? ContentType)
    {
        /// <summary>The URL with plausible values, and <paramref name="hostile"/> in place of one parameter.</summary>
        public string Url(string? hostile = null, string? value = null)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(Path, "{([^}]+)}", m =>
            {
                var name = m.Groups[1].Value;
                if (name == hostile)
                {
                    return Uri.EscapeDataString(value!);
                }

                var parameter = Parameters.First(p => p.Name == name);
                return parameter.Type == "integer" ? "1" : name.Equals("checkId", StringComparison.OrdinalIgnoreCase) ? "jargon-ratio" : ConversationId;
            });
            var query = Parameters.FirstOrDefault(p => p.Name == hostile && p.In == "query");
            return query is null ? path : $"{path}?{Uri.EscapeDataString(query.Name)}={Uri.EscapeDataString(value!)}";
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
                var parameters = new List<Parameter>();
                if (method.Value.TryGetProperty("parameters", out var list))
                {
                    foreach (var p in list.EnumerateArray())
                    {
                        var schema = p.TryGetProperty("schema", out var s) ? s : default;
                        parameters.Add(new Parameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!, TypeOf(schema), FormatOf(schema)));
                    }
                }

                string? contentType = null;
                if (method.Value.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content))
                {
                    contentType = content.EnumerateObject().Select(c => c.Name).FirstOrDefault();
                }

                operations.Add(new Operation(method.Name.ToUpperInvariant(), path.Name, method.Value.GetProperty("operationId").GetString()!, parameters, contentType));
            }
        }

        return operations;
    }

    /// <summary>"integer" from {"type": "integer"} or {"type": ["null", "integer"]} (OpenAPI 3.1), else "string".</summary>
    private static string TypeOf(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            return "string";
        }

        var names = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()) : [type.GetString()];
        return names.FirstOrDefault(n => n is not null and not "null") ?? "string";
    }

    private static string? FormatOf(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("format", out var format) ? format.GetString() : null;
}
