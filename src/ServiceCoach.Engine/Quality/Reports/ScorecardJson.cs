using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ServiceCoach.Standards;

namespace ServiceCoach.Quality.Reports;

/// <summary>
/// The scorecard's JSON form: one object per conversation (a JSON Lines record in the CLI, the
/// body of GET /api/v1/conversations/{id}/scorecard). Field order and number formatting are fixed
/// so the same scorecard always gives the same bytes. Schema: docs/formats.md#scorecard.
/// A check carries only what this conversation decided (outcome, points, evidence, suggestion,
/// reason); its name, dimension, severity and maximum points belong to the standard version the
/// scorecard names, and are looked up there — repeating them made every line four times longer.
/// </summary>
public static class ScorecardJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Chinese text stays readable in the file; this output is never embedded in HTML unescaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static string ToJson(Scorecard scorecard)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        Write(buffer, scorecard);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>One writer per thread, pointed at each caller's output in turn: a writer per scorecard was garbage.</summary>
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Writes one scorecard as a single-line UTF-8 JSON object (no trailing newline).</summary>
    public static void Write(IBufferWriter<byte> output, Scorecard scorecard)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(scorecard);
        var writer = t_writer;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(output, WriterOptions);
        }
        else
        {
            writer.Reset(output);
        }

        // Taken off the thread while in use, so a nested call (none today) would get its own.
        t_writer = null;
        Write(writer, scorecard);
        writer.Flush();

        // Let go of the caller's buffer: it may be pooled and handed to someone else.
        writer.Reset(NoOutput.Instance);
        t_writer = writer;
    }

    /// <summary>Where an idle writer points; never written to (a writer is reset to the real output first).</summary>
    private sealed class NoOutput : IBufferWriter<byte>
    {
        public static readonly NoOutput Instance = new();

        public void Advance(int count) => throw new InvalidOperationException("An idle scorecard writer was written to.");

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new InvalidOperationException("An idle scorecard writer was written to.");

        public Span<byte> GetSpan(int sizeHint = 0) => throw new InvalidOperationException("An idle scorecard writer was written to.");
    }

    public static void Write(Utf8JsonWriter writer, Scorecard scorecard)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(scorecard);
        writer.WriteStartObject();
        writer.WriteString("conversationId", scorecard.ConversationId);
        writer.WriteStartObject("standard");
        writer.WriteString("id", scorecard.StandardId);
        writer.WriteString("version", scorecard.StandardVersion);
        writer.WriteEndObject();
        WriteNumber(writer, "score", scorecard.Score);
        writer.WriteString("grade", scorecard.Grade);
        writer.WriteString("gradeName", scorecard.GradeName);
        writer.WriteBoolean("fatal", scorecard.Fatal);
        if (scorecard.DissatisfactionRisk is { } risk)
        {
            WriteNumber(writer, "dissatisfactionRisk", risk);
            writer.WriteStartArray("riskReasons");
            foreach (var reason in scorecard.RiskReasons)
            {
                writer.WriteStartObject();
                writer.WriteString("id", reason.Id);
                writer.WriteString("reason", reason.Reason);
                WriteNumber(writer, "weight", reason.Weight);
                WriteEvidence(writer, reason.Evidence);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteStartArray("tags");
        foreach (var tag in scorecard.Tags)
        {
            writer.WriteStartObject();
            writer.WriteString("id", tag.Id);
            WriteEvidence(writer, tag.Evidence);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("dimensions");
        foreach (var dimension in scorecard.Dimensions)
        {
            writer.WriteStartObject();
            writer.WriteString("id", dimension.Id);
            writer.WriteString("name", dimension.Name);
            WriteNumber(writer, "weight", dimension.Weight);
            if (dimension.Score is { } score)
            {
                WriteNumber(writer, "score", score);
            }
            else
            {
                writer.WriteNull("score");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("checks");
        foreach (var check in scorecard.Checks)
        {
            writer.WriteStartObject();
            writer.WriteString("id", check.Id);
            writer.WriteString("outcome", OutcomeName(check.Outcome));
            WriteNumber(writer, "points", check.Points);
            WriteEvidence(writer, check.Evidence);
            WriteNullableString(writer, "suggestion", check.Suggestion);
            if (check.Reason is not null)
            {
                writer.WriteString("reason", check.Reason);
            }

            if (check.Trigger is { } trigger)
            {
                writer.WriteStartObject("trigger");
                writer.WriteNumber("turn", trigger.Turn);
                writer.WriteNumber("start", trigger.Start);
                writer.WriteNumber("length", trigger.Length);
                writer.WriteString("text", trigger.TextSpan);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
    }

    private static void WriteEvidence(Utf8JsonWriter writer, IReadOnlyList<EvidenceSpan> spans)
    {
        writer.WriteStartArray("evidence");
        foreach (var evidence in spans)
        {
            writer.WriteStartObject();
            writer.WriteNumber("turn", evidence.Turn);
            writer.WriteNumber("start", evidence.Start);
            writer.WriteNumber("length", evidence.Length);
            writer.WriteString("text", evidence.TextSpan);
            if (evidence.Suggestion is not null)
            {
                writer.WriteString("suggestion", evidence.Suggestion);
            }

            if (evidence.Note is not null)
            {
                writer.WriteString("note", evidence.Note);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static EvidenceSpan[] ReadEvidence(JsonElement owner) =>
        owner.GetProperty("evidence").EnumerateArray().Select(e => new EvidenceSpan(
            e.GetProperty("turn").GetInt32(),
            e.GetProperty("start").GetInt32(),
            e.GetProperty("length").GetInt32(),
            e.GetProperty("text").GetString()!,
            e.TryGetProperty("suggestion", out var s) ? s.GetString() : null,
            e.TryGetProperty("note", out var n) ? n.GetString() : null)).ToArray();

    /// <summary>
    /// Reads a scorecard written by <see cref="Write(IBufferWriter{byte}, Scorecard)"/>. The static
    /// properties of each check come from <paramref name="standard"/>, which must be the version
    /// the scorecard names. Throws <see cref="JsonException"/> on other input.
    /// </summary>
    public static Scorecard Parse(string json, CompiledStandard standard)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(standard);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var standardElement = root.GetProperty("standard");
        var (id, version) = (standardElement.GetProperty("id").GetString()!, standardElement.GetProperty("version").GetString()!);
        if (id != standard.Id || version != standard.Version)
        {
            throw new JsonException($"The scorecard was made with {id} {version}, not {standard.Id} {standard.Version}.");
        }

        var definitions = standard.CheckDefinitions.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var checks = root.GetProperty("checks").EnumerateArray().Select(c =>
        {
            var checkId = c.GetProperty("id").GetString()!;
            var definition = definitions.GetValueOrDefault(checkId) ?? throw new JsonException($"Check '{checkId}' is not in {standard.Id} {standard.Version}.");
            return new CheckResult(
                checkId,
                definition.Name,
                definition.Dimension,
                ScorecardJsonNames.ParseOutcome(c.GetProperty("outcome").GetString()) ?? throw new JsonException("Unknown outcome."),
                c.GetProperty("points").GetDecimal(),
                definition.Points,
                definition.Severity,
                definition.Fatal,
                definition.Bonus,
                ReadEvidence(c),
                c.GetProperty("suggestion").GetString(),
                c.TryGetProperty("reason", out var r) ? r.GetString() : null)
            {
                Trigger = c.TryGetProperty("trigger", out var t)
                    ? new EvidenceSpan(t.GetProperty("turn").GetInt32(), t.GetProperty("start").GetInt32(), t.GetProperty("length").GetInt32(), t.GetProperty("text").GetString()!, null, null)
                    : null,
            };
        }).ToArray();

        var dimensions = root.GetProperty("dimensions").EnumerateArray().Select(d =>
        {
            var dimensionId = d.GetProperty("id").GetString()!;
            var counted = checks.Where(c => c.Dimension == dimensionId && !c.Bonus && c.Outcome != CheckOutcome.Na).ToArray();
            return new DimensionResult(
                dimensionId,
                d.GetProperty("name").GetString()!,
                d.GetProperty("weight").GetDecimal(),
                d.GetProperty("score").ValueKind == JsonValueKind.Null ? null : d.GetProperty("score").GetDecimal(),
                counted.Sum(c => c.Points),
                counted.Sum(c => c.MaxPoints));
        }).ToArray();
        return new Scorecard(
            root.GetProperty("conversationId").GetString()!,
            id,
            version,
            root.GetProperty("score").GetDecimal(),
            root.GetProperty("grade").GetString()!,
            root.GetProperty("gradeName").GetString()!,
            root.GetProperty("fatal").GetBoolean(),
            checks,
            dimensions)
        {
            Tags = root.TryGetProperty("tags", out var tags)
                ? [.. tags.EnumerateArray().Select(t => ReadTag(t, standard))]
                : [],
            DissatisfactionRisk = root.TryGetProperty("dissatisfactionRisk", out var risk) ? risk.GetDecimal() : null,
            RiskReasons = root.TryGetProperty("riskReasons", out var reasons)
                ? [.. reasons.EnumerateArray().Select(r => new RiskReason(
                    r.GetProperty("id").GetString()!, r.GetProperty("reason").GetString()!, r.GetProperty("weight").GetDecimal(), ReadEvidence(r)))]
                : [],
        };
    }

    private static TagResult ReadTag(JsonElement tag, CompiledStandard standard)
    {
        var id = tag.GetProperty("id").GetString()!;
        var name = standard.TagDefinitions.FirstOrDefault(t => t.Id == id)?.Name ?? id;
        return new TagResult(id, name, ReadEvidence(tag));
    }

    public static string OutcomeName(CheckOutcome outcome) => ScorecardJsonNames.Outcome(outcome);

    public static string SeverityName(Severity severity) => severity switch
    {
        Severity.Major => "major",
        Severity.Moderate => "moderate",
        _ => "minor",
    };

    /// <summary>Writes a decimal without trailing zeros ("90", "87.5"), whatever its scale.</summary>
    private static void WriteNumber(Utf8JsonWriter writer, string name, decimal value)
    {
        // Points and most scores are whole numbers: write them as integers without formatting a decimal.
        if (value == decimal.Truncate(value) && value is >= long.MinValue and <= long.MaxValue)
        {
            writer.WriteNumber(name, (long)value);
            return;
        }

        Span<char> text = stackalloc char[40];
        value.TryFormat(text, out var written, "0.############", CultureInfo.InvariantCulture);
        writer.WritePropertyName(name);
        writer.WriteRawValue(text[..written], skipInputValidation: true);
    }

    private static void WriteNullableString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
