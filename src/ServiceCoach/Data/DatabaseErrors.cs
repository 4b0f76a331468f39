using Microsoft.Data.Sqlite;
using Npgsql;

namespace ServiceCoach.Data;

/// <summary>Recognises the database errors the application answers for itself, on both providers.</summary>
internal static class DatabaseErrors
{
    /// <summary>
    /// True when <paramref name="error"/> (or what it wraps) is a unique-key violation: another
    /// request stored the same key first. Callers re-read and answer as if they had come second.
    /// </summary>
    public static bool IsUniqueViolation(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }:
                    return true;

                // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.
                case SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 }:
                    return true;
            }
        }

        return false;
    }
}
