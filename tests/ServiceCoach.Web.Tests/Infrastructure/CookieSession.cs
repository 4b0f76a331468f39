using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ServiceCoach.Web.Tests.Infrastructure;

/// <summary>
/// A person in a browser, without the browser: signs in through the login page (cookie) and posts
/// the pages' forms with the antiforgery token the page rendered, exactly as a browser would.
/// </summary>
public sealed partial class CookieSession : IDisposable
{
    private CookieSession(HttpClient client) => Client = client;

    public HttpClient Client { get; }

    public static Task<CookieSession> SignInAsync(ServiceCoachApp app, string userName)
    {
        ArgumentNullException.ThrowIfNull(app);
        return SignInAsync(app, userName, app.PasswordOf(userName));
    }

    public static async Task<CookieSession> SignInAsync(ServiceCoachApp app, string userName, string password)
    {
        var (session, response) = await TrySignInAsync(app, userName, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            session.Dispose();
            throw new InvalidOperationException($"Signing in as {userName} failed: {response.StatusCode}.");
        }

        return session;
    }

    /// <summary>A sign-in that may fail: the session (signed in only when the answer is a redirect) and the login page's answer.</summary>
    public static async Task<(CookieSession Session, HttpResponseMessage Response)> TrySignInAsync(ServiceCoachApp app, string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var session = new CookieSession(client);
        var response = await session.PostFormAsync("/account/login", "/account/login", new()
        {
            ["_handler"] = "login",
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
        return (session, response);
    }

    /// <summary>A page's HTML with character references decoded (Blazor writes Chinese as &amp;#x...;), after any redirect it answers with.</summary>
    public async Task<string> GetPageAsync(string url)
    {
        for (var i = 0; i < 5; i++)
        {
            var response = await Client.GetAsync(url);
            if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found)
            {
                url = response.Headers.Location!.ToString();
                continue;
            }

            return await TextAsync(response);
        }

        throw new InvalidOperationException($"Too many redirects from {url}.");
    }

    /// <summary>Opens <paramref name="pageUrl"/> for its antiforgery token, then posts <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string pageUrl, string action, Dictionary<string, string> fields) =>
        PostFormAsync(pageUrl, action, (IEnumerable<KeyValuePair<string, string>>)fields);

    /// <summary>The same with repeated names (a group of checkboxes).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pageUrl, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var html = await GetPageAsync(pageUrl);
        var token = TokenPattern().Match(html);
        if (!token.Success)
        {
            throw new InvalidOperationException($"{pageUrl} rendered no antiforgery token.");
        }

        var body = fields.Append(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)));
        using var content = new FormUrlEncodedContent(body);
        return await Client.PostAsync(action, content);
    }

    /// <summary>
    /// Uploads a file as the page's multipart form does: with the page's antiforgery token unless
    /// <paramref name="withToken"/> is false, and asking for JSON when <paramref name="asScript"/>
    /// (as the page's script does) rather than for a redirect (a plain form post).
    /// </summary>
    public Task<HttpResponseMessage> PostFileAsync(
        string pageUrl, string action, string field, string fileName, string content, Dictionary<string, string>? fields = null, bool withToken = true, bool asScript = false) =>
        PostFilesAsync(pageUrl, action, [(field, fileName, content)], fields, withToken, asScript);

    /// <summary>Posts a form with several files, as a browser does for a form with several file inputs.</summary>
    public async Task<HttpResponseMessage> PostFilesAsync(
        string pageUrl, string action, IReadOnlyList<(string Field, string FileName, string Content)> files, Dictionary<string, string>? fields = null, bool withToken = true, bool asScript = false)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var form = new MultipartFormDataContent();
        if (withToken)
        {
            var token = TokenPattern().Match(await GetPageAsync(pageUrl));
            if (!token.Success)
            {
                throw new InvalidOperationException($"{pageUrl} rendered no antiforgery token.");
            }

            form.Add(new StringContent(WebUtility.HtmlDecode(token.Groups[1].Value)), "__RequestVerificationToken");
        }

        foreach (var (name, value) in fields ?? [])
        {
            form.Add(new StringContent(value), name);
        }

        foreach (var (field, fileName, content) in files)
        {
            form.Add(new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(content)), field, fileName);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = form };
        if (asScript)
        {
            request.Headers.Accept.ParseAdd("application/json");
        }

        return await Client.SendAsync(request);
    }

    /// <summary>Posts without a token, as a forging site would.</summary>
    public async Task<HttpResponseMessage> PostWithoutTokenAsync(string action, Dictionary<string, string> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await Client.PostAsync(action, content);
    }

    /// <summary>A response's HTML with character references decoded, so tests can look for Chinese text.</summary>
    public static async Task<string> TextAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
