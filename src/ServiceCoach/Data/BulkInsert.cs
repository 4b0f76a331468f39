using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace ServiceCoach.Data;

/// <summary>
/// Inserts many new rows of one entity and gives them their keys. On PostgreSQL: keys drawn from
/// the table's identity sequence in one query, then one binary COPY (a fraction of the work of
/// an INSERT per row); elsewhere EF Core's batched inserts. Columns, types and value conversions
/// come from the EF model, so the COPY follows the model. Call inside a transaction: the rows
/// commit or vanish with it.
/// </summary>
internal static class BulkInsert
{
    public static async Task InsertAsync<T>(ServiceCoachDbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (!db.Database.IsNpgsql())
        {
            db.Set<T>().AddRange(rows);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return;
        }

        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var keys = await db.Database
            .SqlQueryRaw<long>("""SELECT nextval(pg_get_serial_sequence({0}, {1})) AS "Value" FROM generate_series(1, {2})""", Quote(table), key.GetColumnName(table)!, rows.Count)
            .ToListAsync(cancellationToken);
        foreach (var (row, id) in rows.Zip(keys))
        {
            key.PropertyInfo!.SetValue(row, id);
        }

        var columns = entity.GetProperties().Select(p => new Column(p, p.GetColumnName(table)!, DataTypeName(p.GetColumnType(table)), p.GetValueConverter() ?? p.GetTypeMapping().Converter)).ToList();
        var copy = new StringBuilder("COPY ").Append(Quote(table)).Append(" (")
            .AppendJoin(", ", columns.Select(c => $"\"{c.Name}\"")).Append(") FROM STDIN (FORMAT BINARY)").ToString();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var writer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            foreach (var column in columns)
            {
                var value = column.Property.PropertyInfo!.GetValue(row);
                if (value is not null && column.Converter is { } converter)
                {
                    value = converter.ConvertToProvider(value);
                }

                if (value is null)
                {
                    await writer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await writer.WriteAsync(value, column.DataTypeName, cancellationToken);
                }
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static string Quote(StoreObjectIdentifier table) => table.Schema is { } schema ? $"\"{schema}\".\"{table.Name}\"" : $"\"{table.Name}\"";

    /// <summary>"character varying(200)" → "character varying": COPY's type names have no length.</summary>
    private static string DataTypeName(string? columnType) =>
        columnType is null ? throw new InvalidOperationException("A column has no store type.")
        : columnType.IndexOf('(', StringComparison.Ordinal) is var open and >= 0 ? columnType[..open] : columnType;

    private sealed record Column(IProperty Property, string Name, string DataTypeName, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter);
}
