using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ServiceCoach.Data;

/// <summary>
/// Stores DateTime as UTC and reads it back marked UTC. SQLite cannot order DateTimeOffset, so
/// columns are UTC DateTime; time zones and business calendars live in the engine.
/// </summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
