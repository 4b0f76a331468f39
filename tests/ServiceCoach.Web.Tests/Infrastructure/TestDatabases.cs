using Npgsql;
using ServiceCoach.Data;

namespace ServiceCoach.Web.Tests.Infrastructure;

/// <summary>
/// The databases integration tests run on: SQLite always; PostgreSQL when
/// SERVICECOACH_TEST_POSTGRES holds a connection string to a server where the role may create
/// databases (CI installs and starts one). Each fixture gets its own fresh database.
/// </summary>
public static class TestDatabases
{
    public const string Variable = "SERVICECOACH_TEST_POSTGRES";

    public static TheoryData<DatabaseProvider> All => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    public static string? PostgresServer => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Skips the current test, with a message, when it is the PostgreSQL case and no server is configured.</summary>
    public static void SkipIfUnavailable(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            Testing.RequiredParts.Require(PostgresServer is not null, $"PostgreSQL is not configured: set {Variable} to a connection string (./test.sh does when a local server runs; CI installs one).");
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreatePostgresDatabaseAsync()
    {
        var server = PostgresServer ?? throw new InvalidOperationException($"{Variable} is not set.");
        var name = $"sc_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString;
    }

    public static async Task DropPostgresDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(PostgresServer);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
