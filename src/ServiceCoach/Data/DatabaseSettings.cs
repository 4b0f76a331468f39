using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace ServiceCoach.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Where the data lives. SQLite in the data folder is the embedded default (nothing to install);
/// PostgreSQL is chosen by giving <c>ConnectionStrings:Postgres</c> (or the environment variable
/// <c>SERVICECOACH_POSTGRES</c>). The data folder is <c>SERVICECOACH_DATA</c>, by default a folder
/// under the user's local application data.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, string DataFolder)
{
    public const string DataFolderVariable = "SERVICECOACH_DATA";
    public const string PostgresVariable = "SERVICECOACH_POSTGRES";

    public static DatabaseSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var dataFolder = configuration[DataFolderVariable] is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "ServiceCoach");
        dataFolder = Path.GetFullPath(dataFolder);

        var postgres = configuration.GetConnectionString("Postgres") is { Length: > 0 } fromSettings ? fromSettings : configuration[PostgresVariable];
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            return new DatabaseSettings(DatabaseProvider.Postgres, postgres, dataFolder);
        }

        var sqlite = configuration.GetConnectionString("Sqlite") is { Length: > 0 } explicitSqlite
            ? explicitSqlite
            : $"Data Source={Path.Combine(dataFolder, "servicecoach.db")};Cache=Shared;Foreign Keys=True";
        return new DatabaseSettings(DatabaseProvider.Sqlite, sqlite, dataFolder);
    }

    public void Configure(DbContextOptionsBuilder options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddInterceptors(StorableTextInterceptor.Instance);
        switch (Provider)
        {
            case DatabaseProvider.Postgres:
                options.UseNpgsql(WithPoolDefaults(ConnectionString), npgsql => npgsql.MigrationsAssembly("ServiceCoach.Migrations.Postgres"));
                break;
            default:
                options.UseSqlite(ConnectionString, sqlite => sqlite.MigrationsAssembly("ServiceCoach.Migrations.Sqlite"));
                break;
        }
    }

    /// <summary>
    /// Npgsql's default pool of 100 connections per node is all of PostgreSQL's default
    /// <c>max_connections</c>: under a burst one node would take every connection and the next
    /// client (another node, the CLI, a migration) would be refused with 53300. Without an explicit
    /// <c>Maximum Pool Size</c> a node keeps at most <see cref="DefaultMaxPoolSize"/>; requests
    /// beyond that wait for a connection (and, for the API, queue in front of the app: RequestAdmission).
    /// </summary>
    public const int DefaultMaxPoolSize = 30;

    internal static string WithPoolDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var named = given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() is "MAXPOOLSIZE" or "MAXIMUMPOOLSIZE");
        return named ? connectionString : connectionString.TrimEnd(';') + ";Maximum Pool Size=" + DefaultMaxPoolSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
