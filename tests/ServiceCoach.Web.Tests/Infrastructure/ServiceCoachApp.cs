using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServiceCoach.Data;
using ServiceCoach.Quality;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Tests.Infrastructure;

/// <summary>
/// The real application in memory, on its own data folder and database (SQLite or PostgreSQL),
/// with the demo organisation seeded. The scoring worker is off: tests run jobs when they
/// choose (<see cref="RunScoringAsync"/>), so nothing depends on timing.
/// </summary>
public sealed class ServiceCoachApp : WebApplicationFactory<Program>
{
    private readonly string? _postgres;
    private readonly Dictionary<string, string> _passwords = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);

    private readonly bool _kestrel;
    private readonly TimeProvider? _clock;
    private readonly Dictionary<string, string?> _settings;

    /// <summary>False once <see cref="RestartAsync"/> handed the data folder and database to the next instance.</summary>
    private bool _ownsData = true;

    private ServiceCoachApp(
        DatabaseProvider provider, string? postgres, bool seedDemo, bool kestrel = false, TimeProvider? clock = null,
        Dictionary<string, string?>? settings = null, string? dataFolder = null)
    {
        _kestrel = kestrel;
        _clock = clock;
        _settings = settings ?? [];
        Provider = provider;
        _postgres = postgres;
        SeedDemo = seedDemo;
        DataFolder = dataFolder ?? Directory.CreateTempSubdirectory("servicecoach-test-").FullName;
    }

    public DatabaseProvider Provider { get; }

    public string DataFolder { get; }

    public bool SeedDemo { get; }

    /// <param name="clock">A test clock (FakeTimeProvider) for the whole app; the background loops are then off unless <paramref name="settings"/> turns them on.</param>
    /// <param name="settings">Extra configuration (e.g. ServiceCoach:Notifications:Smtp:Host).</param>
    public static async Task<ServiceCoachApp> StartAsync(DatabaseProvider provider, bool seedDemo = true, TimeProvider? clock = null, Dictionary<string, string?>? settings = null)
    {
        TestDatabases.SkipIfUnavailable(provider);
        var postgres = provider == DatabaseProvider.Postgres ? await TestDatabases.CreatePostgresDatabaseAsync() : null;
        var app = new ServiceCoachApp(provider, postgres, seedDemo, clock: clock, settings: settings);
        _ = app.Server; // starts the host: migrations and seeding run now
        await app.LoadPasswordsAsync();
        return app;
    }

    /// <summary>
    /// Stops this app (as a crash would: nothing is flushed by the test) and starts a new one on the
    /// same data folder and database, which then owns them. Use the returned app from here on.
    /// </summary>
    public async Task<ServiceCoachApp> RestartAsync()
    {
        _ownsData = false;
        await DisposeAsync();
        var next = new ServiceCoachApp(Provider, _postgres, SeedDemo, _kestrel, _clock, _settings, DataFolder);
        _ = next.Server;
        await next.LoadPasswordsAsync();
        return next;
    }

    /// <summary>
    /// The app on a real Kestrel port with its scoring worker running, for browser tests.
    /// <see cref="ServerAddress"/> is where to point the browser.
    /// </summary>
    public static async Task<ServiceCoachApp> StartOnKestrelAsync(DatabaseProvider provider, TimeProvider? clock = null, Dictionary<string, string?>? settings = null)
    {
        TestDatabases.SkipIfUnavailable(provider);
        var postgres = provider == DatabaseProvider.Postgres ? await TestDatabases.CreatePostgresDatabaseAsync() : null;
        var app = new ServiceCoachApp(provider, postgres, seedDemo: true, kestrel: true, clock, settings);
        app.UseKestrel(0);
        app.StartServer();
        await app.LoadPasswordsAsync();
        return app;
    }

    /// <summary>The real address when started with <see cref="StartOnKestrelAsync"/>.</summary>
    public string ServerAddress => ClientOptions.BaseAddress.ToString().TrimEnd('/');

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting(DatabaseSettings.DataFolderVariable, DataFolder);
        builder.UseSetting("ServiceCoach:SeedDemoData", SeedDemo ? "true" : "false");
        builder.UseSetting("ServiceCoach:RunScoringWorker", _kestrel ? "true" : "false");
        builder.UseSetting("ServiceCoach:RunExamCloser", _kestrel ? "true" : "false");
        builder.UseSetting("ServiceCoach:RunBackgroundLoops", _kestrel ? "true" : "false");
        if (_postgres is not null)
        {
            builder.UseSetting("ConnectionStrings:Postgres", _postgres);
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_clock is not null)
        {
            builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton(_clock)));
        }
    }

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Runs every queued scoring job now.</summary>
    public Task<int> RunScoringAsync() => Service<ScoringJobs>().RunAllAsync();

    public string PasswordOf(string userName) => _passwords[userName];

    /// <summary>A demo user with the given role (the first one in demo-users.txt).</summary>
    public string UserWithRole(string role) =>
        role == Roles.Admin ? DemoSeeder.AdminUserName : _passwords.Keys.First(u => _roles[u] == role);

    private readonly Dictionary<string, string> _roles = new(StringComparer.Ordinal);

    /// <summary>Every demo user with the given role, <see cref="UserWithRole"/>'s first.</summary>
    public IReadOnlyList<string> UsersWithRole(string role) => [.. _passwords.Keys.Where(u => _roles[u] == role)];

    /// <summary>An API client authenticated as <paramref name="userName"/> with a token from POST /api/v1/auth/token.</summary>
    public async Task<HttpClient> ApiClientAsAsync(string userName)
    {
        if (!_tokens.TryGetValue(userName, out var token))
        {
            using var anonymous = CreateClient();
            var response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username = userName, password = PasswordOf(userName) });
            response.EnsureSuccessStatusCode();
            token = (await response.Content.ReadFromJsonAsync<TokenBody>())!.Token;
            _tokens[userName] = token;
        }

        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public Task<HttpClient> ApiClientAsRoleAsync(string role) => ApiClientAsAsync(UserWithRole(role));

    private async Task LoadPasswordsAsync()
    {
        _passwords[DemoSeeder.AdminUserName] = (await File.ReadAllTextAsync(Path.Combine(DataFolder, DemoSeeder.AdminPasswordFileName))).Trim();
        _roles[DemoSeeder.AdminUserName] = Roles.Admin;
        var demoUsers = Path.Combine(DataFolder, DemoSeeder.DemoUsersFileName);
        if (!File.Exists(demoUsers))
        {
            return;
        }

        foreach (var line in await File.ReadAllLinesAsync(demoUsers))
        {
            if (line.StartsWith('#') || line.Split('\t') is not [var user, var role, var password])
            {
                continue;
            }

            _passwords[user] = password;
            _roles[user] = role;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!_ownsData)
        {
            return;
        }

        if (_postgres is not null)
        {
            await TestDatabases.DropPostgresDatabaseAsync(_postgres);
        }

        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed record TokenBody(string Token);
}

/// <summary>One app per database for a whole test class (starting one seeds ~300 conversations).</summary>
public sealed class AppFixture : IAsyncLifetime
{
    private readonly Dictionary<DatabaseProvider, Task<ServiceCoachApp>> _apps = [];
    private readonly Lock _lock = new();

    public Task<ServiceCoachApp> AppAsync(DatabaseProvider provider)
    {
        TestDatabases.SkipIfUnavailable(provider);
        lock (_lock)
        {
            if (!_apps.TryGetValue(provider, out var app))
            {
                app = ServiceCoachApp.StartAsync(provider);
                _apps[provider] = app;
            }

            return app;
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps.Values)
        {
            if (app.IsCompletedSuccessfully)
            {
                await app.Result.DisposeAsync();
            }
        }
    }
}
