using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServiceCoach.Data;
using ServiceCoach.Training;
using ServiceCoach.Users;

namespace ServiceCoach.Web.Tests.Infrastructure;

/// <summary>
/// The built web app (src/ServiceCoach.Web's dll, run with <c>dotnet</c>) as a child process on a
/// data folder and database of the caller's, so that it can be killed with SIGKILL — what an
/// in-memory host cannot show. Demo data on, every background loop on, as in production.
/// Shared by the kill tests, the browser tests and the durability benchmark (linked there).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private bool _disposed;

    private ServerProcess(Process process, string baseAddress, string dataFolder, string? postgres)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataFolder = dataFolder;
        Postgres = postgres;
    }

    public string DataFolder { get; }

    public string? Postgres { get; }

    /// <summary>e.g. http://127.0.0.1:41234 (a new free port at every start unless the caller gives one).</summary>
    public string BaseAddress { get; }

    public int Port => new Uri(BaseAddress).Port;

    public int ProcessId => _process.Id;

    /// <summary>The web app's dll of the same configuration (Debug/Release) as the calling assembly's build.</summary>
    public static string Dll
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = output.Parent?.Name ?? "Release";
            return Path.Combine(RepositoryRoot(), "src", "ServiceCoach.Web", "bin", configuration, output.Name, "ServiceCoach.Web.dll");
        }
    }

    /// <summary>Starts the server on <paramref name="dataFolder"/> (SQLite there, or <paramref name="postgres"/>) and waits until /health answers.</summary>
    /// <param name="port">The port of a server started before (a browser comes back to the same address), or null for a free one.</param>
    public static async Task<ServerProcess> StartAsync(string dataFolder, string? postgres = null, int? port = null, CancellationToken cancellationToken = default)
    {
        port ??= FreePort();
        var start = new ProcessStartInfo("dotnet", [Dll])
        {
            WorkingDirectory = Path.Combine(RepositoryRoot(), "src", "ServiceCoach.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment[DatabaseSettings.DataFolderVariable] = dataFolder;
        start.Environment[DatabaseSettings.PostgresVariable] = postgres ?? "";
        start.Environment["ServiceCoach__SeedDemoData"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        var server = new ServerProcess(process, $"http://127.0.0.1:{port}", dataFolder, postgres);
        process.OutputDataReceived += (_, e) => server.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => server.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>The demo users the server wrote on its first start (admin first): user name, role, password.</summary>
    public IReadOnlyList<(string UserName, string Role, string Password)> DemoUsers()
    {
        var admin = File.ReadAllText(Path.Combine(DataFolder, DemoSeeder.AdminPasswordFileName)).Trim();
        return
        [
            (DemoSeeder.AdminUserName, Roles.Admin, admin),
            .. File.ReadAllLines(Path.Combine(DataFolder, DemoSeeder.DemoUsersFileName))
                .Where(line => !line.StartsWith('#')).Select(line => line.Split('\t')).Where(p => p.Length == 3).Select(p => (p[0], p[1], p[2])),
        ];
    }

    /// <summary>A personal access token from POST /api/v1/auth/token.</summary>
    public async Task<string> TokenAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        using var client = new HttpClient { BaseAddress = new Uri(BaseAddress), Timeout = TimeSpan.FromMinutes(2) };
        using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = userName, password }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenBody>(cancellationToken))!.Token;
    }

    /// <summary>
    /// Imports <paramref name="gift"/> into a category of its own (through the API, as the admin)
    /// and publishes an exam drawing <paramref name="questions"/> of them. There is no API for exam
    /// papers (trainers make them on a page): the app library writes the paper into the server's database.
    /// </summary>
    public async Task<int> CreateExamAsync(string gift, int questions, int? timeLimitMinutes = null, CancellationToken cancellationToken = default)
    {
        var admin = DemoUsers()[0];
        var token = await TokenAsync(admin.UserName, admin.Password, cancellationToken);
        var category = "进程测试/" + Guid.NewGuid().ToString("N")[..8];
        using (var client = new HttpClient { BaseAddress = new Uri(BaseAddress), Timeout = TimeSpan.FromMinutes(2) })
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/training/questions/import?fileName=exam.gift&category={Uri.EscapeDataString(category)}"))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(gift));
            request.Content.Headers.ContentType = new("application/octet-stream");
            using var imported = await client.SendAsync(request, cancellationToken);
            imported.EnsureSuccessStatusCode();
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DatabaseSettings.DataFolderVariable] = DataFolder,
            [DatabaseSettings.PostgresVariable] = Postgres,
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddServiceCoach(DatabaseSettings.From(configuration)).BuildServiceProvider();
        var (id, problems) = await services.GetRequiredService<Exams>().CreatePaperAsync(Viewer.System,
            new ExamPaperInput("测验 " + category[^8..], "", [ExamRule.Draw(questions, category: category)], TimeLimitMinutes: timeLimitMinutes, MaxAttempts: 1, Published: true),
            cancellationToken);
        return id ?? throw new InvalidOperationException(string.Join("; ", problems));
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>The server's last lines of output (for a failure message).</summary>
    public string LastOutput()
    {
        lock (_lastLines)
        {
            return string.Join('\n', _lastLines);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await KillAsync();
        _process.Dispose();
        _disposed = true;
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > 50)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = new Uri(BaseAddress), Timeout = TimeSpan.FromSeconds(10) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{LastOutput()}");
            }

            try
            {
                using var health = await client.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            // A limit on waiting for a loaded machine, not a statement about speed.
            if (waited.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException($"The server did not answer /health:\n{LastOutput()}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private sealed record TokenBody(string Token);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ServiceCoach.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Run from the repository's build output.");
    }
}
