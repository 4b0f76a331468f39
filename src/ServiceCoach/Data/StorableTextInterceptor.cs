using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ServiceCoach.Conversations;

namespace ServiceCoach.Data;

/// <summary>
/// PostgreSQL cannot hold U+0000 in text (22021) and Npgsql cannot encode half of a surrogate pair,
/// while SQLite stores both: one comment or search box could fail a request on one database and not
/// the other. Every text parameter of every command gets both replaced by U+FFFD, on both databases,
/// so they answer alike. Imports refuse such text outright, with a located error, before it gets here.
/// </summary>
internal sealed class StorableTextInterceptor : DbCommandInterceptor
{
    public static StorableTextInterceptor Instance { get; } = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Clean(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Clean(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Clean(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Clean(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Clean(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Clean(command);
        return ValueTask.FromResult(result);
    }

    private static void Clean(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
        {
            switch (parameter.Value)
            {
                case string text when ConversationLimits.TextProblem(text) is not null:
                    parameter.Value = Storable(text);
                    break;
                case string[] texts when texts.Any(t => t is not null && ConversationLimits.TextProblem(t) is not null):
                    parameter.Value = texts.Select(t => t is null ? t : Storable(t)).ToArray();
                    break;
            }
        }
    }

    /// <summary>The text with U+0000 and every half surrogate pair replaced by U+FFFD.</summary>
    public static string Storable(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (c == '\0')
            {
                chars[i] = '\uFFFD';
            }
            else if (char.IsHighSurrogate(c) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }
}
